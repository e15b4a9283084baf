// Files, folders and archives into one editor buffer: each manifest file becomes one or more YAML
// documents, separated by `---` and headed by a comment naming the file, so the editor, autosave and
// share keep one text. Archives (tar, tar.gz/tgz, zip, gz) and folders (must-gather / oc adm inspect
// trees) go through the core's input stage (src-core/input), exactly as `podpath lint DIR` reads them;
// the notice then says what was read and skipped. `originOf` maps an editor line back to its file.
import { decodeText, decodeUtf8, isArchive, readArchive, readFolder, type InputReport } from '../../src-core/index';

export interface LoadedFile {
  name: string;
  text: string;
}

const SAFE_NAME = /[\r\n]/g;
const HEADER = /^# file: (.*?)(?: \(from its line (\d+)\))?$/;

export function combineFiles(files: readonly LoadedFile[]): string {
  if (files.length === 1) return files[0].text;
  return files
    .map((f) => {
      const body = f.text.replace(/^\uFEFF/, '').replace(/\s+$/, '');
      // A file's own leading `---` would make an empty document; drop it (the header says so, for originOf).
      const trimmed = body.replace(/^---[ \t]*\n/, '');
      const from = trimmed === body ? '' : ' (from its line 2)';
      return `# file: ${f.name.replace(SAFE_NAME, ' ')}${from}\n${trimmed}\n`;
    })
    .join('---\n');
}

/** The `# file:` headers of a combined text: each file's name and the editor line its line 0 is on. */
function headersOf(text: string): { file: string; base: number }[] {
  const out: { file: string; base: number }[] = [];
  const re = /^# file: .*$/gm;
  let line = 1;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = text.indexOf('\n', at); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    at = m.index;
    const h = HEADER.exec(m[0]);
    if (h) out.push({ file: h[1], base: line - (h[2] ? Number(h[2]) - 1 : 0) });
  }
  return out;
}

let lastText: string | null = null;
let lastHeaders: { file: string; base: number }[] = [];

/** Where editor line `line` (1-based) of a combined text came from: its file and its line there. */
export function originOf(text: string, line: number): { file: string; line: number } | null {
  if (text !== lastText) {
    lastHeaders = text.includes('# file: ') ? headersOf(text) : [];
    lastText = text;
  }
  let lo = 0;
  let hi = lastHeaders.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lastHeaders[mid].base < line) (found = mid), (lo = mid + 1);
    else hi = mid - 1;
  }
  return found < 0 ? null : { file: lastHeaders[found].file, line: line - lastHeaders[found].base };
}

export function isManifestFile(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name);
}

const ARCHIVE_NAME = /\.(tar|tgz|tar\.gz|gz|zip)$/i;

/** A dropped or picked file with the folder path it was found under ('' for a lone file). */
export interface PickedFile {
  file: File;
  /** `folder/sub/x.yaml` for a file inside a dropped or picked folder, else ''. */
  path: string;
}

export interface ReadResult {
  files: LoadedFile[];
  /** One line per folder or archive (what was read and skipped), for the notice. */
  reports: InputReport[];
  /** Files that could not be used, with why. */
  problems: string[];
}

/**
 * A manifest file's text as `File.text()` gives it (invalid bytes become U+FFFD, a BOM is dropped), and,
 * when it is not valid UTF-8, a problem that says where: kubectl would refuse such a file (issue 16).
 */
export function decodedFile(name: string, bytes: Uint8Array, problems: string[]): LoadedFile {
  const d = decodeUtf8(bytes);
  const bom = d.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const text = bom ? d.text.slice(1) : d.text;
  if (d.invalidUtf8.length > 0) {
    const at = d.invalidUtf8[0] - bom;
    const line = text.slice(0, at).split('\n').length;
    const col = at - text.lastIndexOf('\n', at - 1);
    const more = d.invalidUtf8.length > 1 ? ` and on ${d.invalidUtf8.length - 1} more line${d.invalidUtf8.length > 2 ? 's' : ''}` : '';
    problems.push(`${name}: not valid UTF-8 at line ${line}, column ${col}${more}; those bytes are shown as \uFFFD and kubectl would refuse the file`);
  }
  return { name, text };
}

async function bytesOf(f: File): Promise<Uint8Array> {
  return new Uint8Array(await f.arrayBuffer());
}

/** Reads picked or dropped files: manifests as text, archives unpacked, folders walked (by their paths). */
export async function readPicked(picked: readonly PickedFile[]): Promise<ReadResult> {
  const out: ReadResult = { files: [], reports: [], problems: [] };
  const folders = new Map<string, PickedFile[]>();
  for (const p of picked) {
    if (p.path.includes('/')) {
      const root = p.path.split('/')[0];
      (folders.get(root) ?? folders.set(root, []).get(root)!).push(p);
      continue;
    }
    const f = p.file;
    if (ARCHIVE_NAME.test(f.name) || !isManifestFile(f.name)) {
      const bytes = await bytesOf(f);
      if (isArchive(bytes)) {
        const got = readArchive(f.name, bytes);
        if (got.error) out.problems.push(got.error);
        else if (got.files.length === 0) out.problems.push(`${f.name}: no YAML or JSON file with Kubernetes objects in this archive`);
        out.files.push(...got.files);
        out.reports.push(got.report);
        continue;
      }
      if (!isManifestFile(f.name) && !f.type.includes('yaml') && !f.type.includes('json')) {
        out.problems.push(`${f.name}: not a .yaml, .yml, .json file or an archive`);
        continue;
      }
      const text = decodeText(bytes);
      if (text === null) out.problems.push(`${f.name}: not UTF-8 text`);
      else out.files.push({ name: f.name, text });
      continue;
    }
    out.files.push(decodedFile(f.name, await bytesOf(f), out.problems));
  }
  for (const [root, list] of folders) {
    const byPath = new Map(list.map((p) => [p.path.slice(root.length + 1), p.file]));
    const got = await readFolder(root, [...byPath].map(([path, file]) => ({ path, size: file.size })), async (path) => bytesOf(byPath.get(path)!));
    if (got.files.length === 0) out.problems.push(`${root}: no YAML or JSON file with Kubernetes objects in this folder`);
    out.files.push(...got.files);
    out.reports.push(got.report);
  }
  return out;
}

/** Files of an `<input type=file>` (with `webkitdirectory`, each has its webkitRelativePath). */
export function pickedFromList(list: FileList | readonly File[]): PickedFile[] {
  return [...list].map((file) => ({ file, path: file.webkitRelativePath || '' }));
}

/** Files of a drop, folders walked recursively (FileSystemEntry API; a plain file list where it is missing). */
export async function pickedFromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = [...dt.items].map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((e) => !e)) return pickedFromList(dt.files);
  const out: PickedFile[] = [];
  const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
    if (e.isFile) {
      const file = await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej));
      out.push({ file, path: prefix ? `${prefix}/${e.name}` : '' });
      return;
    }
    const reader = (e as FileSystemDirectoryEntry).createReader();
    const dir = prefix ? `${prefix}/${e.name}` : e.name;
    // readEntries returns the folder in batches (100 in Chromium) until an empty one.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, dir);
    }
  };
  for (const e of entries) await walk(e!, '');
  return out;
}
