// What the command's FILE arguments name: `-` (standard input), a manifest file, a folder (walked, with
// the must-gather / inspect layout recognised) or an archive (tar, tar.gz/tgz, zip, gz). Each folder and
// archive yields one summary line of what was read and skipped; positions keep pointing at the file
// (`must-gather.tar.gz/namespaces/shop/core/pods.yaml:12:3`).
import type { InputFile } from '../parse/parse';
import { isArchive, readArchive, readFolder } from '../input/index';
import type { CliIO } from './io';
import { decodeUtf8 } from '../parse/encoding';

export class InputError extends Error {}

function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
}

/** Reads every FILE argument; `notes` are the summary lines of folders and archives (for stderr). */
export async function readInputs(paths: readonly string[], io: CliIO): Promise<{ files: InputFile[]; notes: string[] }> {
  const files: InputFile[] = [];
  const notes: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      try {
        const read = await io.readStdin();
        files.push(typeof read === 'string' ? { name: '<stdin>', text: read } : { name: '<stdin>', ...decodeUtf8(read) });
      } catch (e) {
        throw new InputError(`cannot read standard input: ${reason(e)}`);
      }
      continue;
    }
    if (!io.kindOf || !io.readBytes || !io.listFiles) {
      files.push({ name: p, text: await readText(io, p) });
      continue;
    }
    let kind: 'file' | 'dir';
    try {
      kind = await io.kindOf(p);
    } catch (e) {
      throw new InputError(`cannot read ${p}: ${reason(e)}`);
    }
    if (kind === 'dir') {
      let listing: { path: string; size: number }[];
      try {
        listing = await io.listFiles(p);
      } catch (e) {
        throw new InputError(`cannot read the folder ${p}: ${reason(e)}`);
      }
      const dir = p.replace(/\/+$/, '') || '/';
      const readBytes = io.readBytes.bind(io);
      const got = await readFolder(dir, listing, (rel) => readBytes(`${dir}/${rel}`));
      if (got.files.length === 0) throw new InputError(`${dir}: no YAML or JSON file with Kubernetes objects in this folder${got.report.skippedText ? ` (${got.report.skippedText})` : ''}`);
      files.push(...got.files);
      notes.push(got.report.summary);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await io.readBytes(p);
    } catch (e) {
      throw new InputError(`cannot read ${p}: ${reason(e)}`);
    }
    if (isArchive(bytes)) {
      const got = readArchive(p, bytes);
      if (got.error) throw new InputError(got.error);
      if (got.files.length === 0) throw new InputError(`${p}: no YAML or JSON file with Kubernetes objects in this archive${got.report.skippedText ? ` (${got.report.skippedText})` : ''}`);
      files.push(...got.files);
      notes.push(got.report.summary);
      continue;
    }
    // Decoded here, not by readFile: invalid UTF-8 becomes a diagnostic at its line and column (parse.ts).
    files.push({ name: p, ...decodeUtf8(bytes) });
  }
  return { files, notes };
}

async function readText(io: CliIO, p: string): Promise<string> {
  try {
    return await io.readFile(p);
  } catch (e) {
    throw new InputError(`cannot read ${p}: ${(e as { code?: string }).code === 'EISDIR' ? 'is a directory' : reason(e)}`);
  }
}

/** One text input that is not a manifest (a batch of queries, an expectations file): a file or `-`. */
export async function readTextInput(io: CliIO, name: string): Promise<string> {
  if (name !== '-') return readText(io, name);
  let read: string | Uint8Array;
  try {
    read = await io.readStdin();
  } catch (e) {
    throw new InputError(`cannot read standard input: ${reason(e)}`);
  }
  if (typeof read === 'string') return read;
  const { text, invalidUtf8 } = decodeUtf8(read);
  if (invalidUtf8.length > 0) throw new InputError(`standard input is not valid UTF-8 (at character ${invalidUtf8[0] + 1})`);
  return text;
}
