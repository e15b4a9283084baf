// Archives as the CLI and the app receive them: `.tar`, `.tar.gz` / `.tgz`, `.zip`, or one gzipped file.
// Recognised by their bytes (magic numbers), not their names, so a must-gather renamed `.bin` still opens.
// Platform-free (fflate for gzip/zip, nanotar for tar): the browser and Node call exactly this.
// Only entries the caller wants are decompressed where the format allows it (zip); a tar must be read
// whole. Limits keep a hostile archive (a gzip bomb) from exhausting memory: past them, a clear error.
import { Gunzip, unzipSync } from 'fflate';
import { parseTar } from 'nanotar';

export type ArchiveKind = 'tar' | 'tar.gz' | 'zip' | 'gz';

/** One file inside an archive or a folder: its path (with `/`) and its bytes (absent when not extracted). */
export interface InputEntry {
  path: string;
  bytes?: Uint8Array;
  /** Size in bytes (known even when the entry was not extracted). */
  size: number;
}

export interface UnpackResult {
  kind: ArchiveKind;
  entries: InputEntry[];
  error?: string;
}

/** More than this much data out of one archive is refused (extract it and pass the folder instead). */
export const MAX_UNPACKED_BYTES = 1536 * 1024 * 1024;

function isTar(b: Uint8Array): boolean {
  // POSIX ustar and GNU tar both write "ustar" at offset 257.
  return b.length >= 262 && b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72;
}

/** The archive format of these bytes, or null for anything else (a plain YAML or JSON file). */
export function archiveKind(b: Uint8Array): ArchiveKind | null {
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gz';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06)) return 'zip';
  if (isTar(b)) return 'tar';
  return null;
}

/** Inflates a gzip stream, stopping as soon as it passes MAX_UNPACKED_BYTES (null then): a gzip bomb
 *  never gets allocated. A truncated or corrupt stream throws (fflate's own message). */
function gunzipCapped(b: Uint8Array, max: number): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const g = new Gunzip((chunk) => {
    total += chunk.length;
    if (total <= max) chunks.push(chunk);
  });
  const step = 1 << 20;
  for (let i = 0; i < b.length && total <= max; i += step) g.push(b.subarray(i, i + step), i + step >= b.length);
  if (total > max) return null;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function clean(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

function readTar(data: Uint8Array, choose: Chooser): InputEntry[] {
  const files = parseTar(data, { filter: (m) => m.type === undefined || m.type === 'file' || m.type === 'contiguousFile' })
    .map((f) => ({ path: clean(f.name), size: f.size ?? f.data?.length ?? 0, data: f.data }))
    .filter((f) => f.path && !f.path.endsWith('/'));
  const take = choose(files);
  return files.map((f) => (take.has(f.path) ? { path: f.path, size: f.size, bytes: f.data ?? new Uint8Array() } : { path: f.path, size: f.size }));
}

/** Given every entry's path and size, the paths the caller will read. */
export type Chooser = (entries: readonly { path: string; size: number }[]) => Set<string>;

const MIB = 1024 * 1024;

/**
 * Unpacks an archive. `choose` sees the whole listing first and says which entries the caller will read;
 * the others are returned with their size only (so the caller can say what it skipped), and in a zip
 * they are never decompressed. `name` is only used in messages and to name a lone gzipped file.
 */
export function unpackArchive(name: string, bytes: Uint8Array, choose: Chooser, max = MAX_UNPACKED_BYTES): UnpackResult {
  const kind = archiveKind(bytes);
  if (!kind) return { kind: 'tar', entries: [], error: `${name} is not a tar, tar.gz or zip archive` };
  try {
    if (kind === 'zip') {
      const listing: { path: string; size: number }[] = [];
      unzipSync(bytes, { filter: (f) => (f.name.endsWith('/') || listing.push({ path: clean(f.name), size: f.originalSize }), false) });
      const take = choose(listing);
      const total = listing.reduce((n, e) => n + (take.has(e.path) ? e.size : 0), 0);
      if (total > max) return { kind, entries: [], error: `${name}: the files to read unpack to more than ${Math.round(max / MIB)} MiB; extract the archive and give the folder` };
      const files = unzipSync(bytes, { filter: (f) => take.has(clean(f.name)) });
      const data = new Map(Object.entries(files).map(([p, d]) => [clean(p), d]));
      return { kind, entries: listing.map((e) => (data.has(e.path) ? { ...e, bytes: data.get(e.path) } : e)) };
    }
    if (kind === 'tar') return { kind, entries: readTar(bytes, choose) };
    // The smallest gzip member is 18 bytes (10 header, 8 trailer); fflate waits for more on less.
    if (bytes.length < 18) return { kind, entries: [], error: `${name}: cannot unpack the gz archive (truncated: ${bytes.length} bytes)` };
    const data = gunzipCapped(bytes, max);
    if (!data) return { kind, entries: [], error: `${name}: unpacks to more than ${Math.round(max / MIB)} MiB; extract the archive and give the folder` };
    if (isTar(data)) return { kind: 'tar.gz', entries: readTar(data, choose) };
    if (/\.(tgz|tar\.gz)$/i.test(name)) return { kind, entries: [], error: `${name}: cannot unpack the gz archive (it holds no tar archive: truncated or corrupt?)` };
    // One gzipped file (`pods.yaml.gz`): its name without the suffix.
    const inner = clean(name.split('/').pop() ?? name).replace(/\.gz$/i, '') || 'file';
    const take = choose([{ path: inner, size: data.length }]);
    return { kind, entries: [take.has(inner) ? { path: inner, size: data.length, bytes: data } : { path: inner, size: data.length }] };
  } catch (e) {
    return { kind, entries: [], error: `${name}: cannot unpack the ${kind} archive (${e instanceof Error ? e.message : String(e)})` };
  }
}
