// Several files into one editor buffer: each file becomes one or more YAML documents, separated by
// `---` and headed by a comment naming the file, so the editor, autosave and share keep one text.
export interface LoadedFile {
  name: string;
  text: string;
}

const SAFE_NAME = /[\r\n]/g;

export function combineFiles(files: readonly LoadedFile[]): string {
  if (files.length === 1) return files[0].text;
  return files
    .map((f) => {
      const body = f.text.replace(/^\uFEFF/, '').replace(/\s+$/, '');
      // A file's own leading `---` would make an empty document; drop it.
      const trimmed = body.replace(/^---[ \t]*\n/, '');
      return `# file: ${f.name.replace(SAFE_NAME, ' ')}\n${trimmed}\n`;
    })
    .join('---\n');
}

export function isManifestFile(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name);
}

export async function readFiles(list: FileList | readonly File[]): Promise<LoadedFile[]> {
  const files = [...list].filter((f) => isManifestFile(f.name) || f.type.includes('yaml') || f.type.includes('json'));
  return Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
}
