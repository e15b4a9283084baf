// Inputs bigger than one file: folders and archives (must-gathers, `oc adm inspect` output, a tree of
// manifests). Platform-free; the CLI (cli/inputs.ts) and the app (app/editor/files.ts) give it bytes.
import { archiveKind, unpackArchive, type InputEntry } from './archive';
import { chooseEntries, collectManifests, type InputReport, type SkipCounts } from './collect';
import type { InputFile } from '../parse/parse';

export { archiveKind, type ArchiveKind, type InputEntry } from './archive';
export { chooseEntries, collectManifests, decodeText, isMustGatherLayout, type InputReport, type SkipCounts } from './collect';

export interface CollectedInput {
  files: InputFile[];
  report: InputReport;
  /** Set when nothing could be read (not an archive, corrupt, too large). */
  error?: string;
}

const NO_SKIPS: SkipCounts = { logs: 0, binary: 0, other: 0, notObjects: 0, events: 0, duplicates: 0 };

/** The manifests inside an archive's bytes (tar, tar.gz/tgz, zip, or one gzipped file). */
/** `maxBytes`: refuse archives that unpack to more (default MAX_UNPACKED_BYTES). */
export function readArchive(name: string, bytes: Uint8Array, maxBytes?: number): CollectedInput {
  let skipped = NO_SKIPS;
  const r = unpackArchive(name, bytes, (listing) => {
    const c = chooseEntries(listing);
    skipped = c.skipped;
    return c.take;
  }, maxBytes);
  const collected = collectManifests(name, r.entries, skipped);
  return r.error ? { ...collected, error: r.error } : collected;
}

/** The manifests of a folder whose listing is `paths`; `read` loads one chosen file's bytes. */
export async function readFolder(name: string, paths: readonly { path: string; size: number }[], read: (path: string) => Promise<Uint8Array>): Promise<CollectedInput> {
  const { take, skipped } = chooseEntries(paths);
  const entries: InputEntry[] = [];
  for (const p of paths) entries.push(take.has(p.path) ? { ...p, bytes: await read(p.path) } : { ...p });
  return collectManifests(name, entries, skipped);
}

/** True when these bytes are an archive rather than a manifest file. */
export function isArchive(bytes: Uint8Array): boolean {
  return archiveKind(bytes) !== null;
}
