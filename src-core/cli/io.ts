// The CLI's only contact with Node: files, standard input, output streams, and whether to colour.
// Injected into main() so tests can run the command in-process as well as by spawning it.
import { readdir, readFile, stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join, relative, sep } from 'node:path';

export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile(path: string): Promise<string>;
  /** A file's bytes (archives, and files whose encoding is checked). */
  readBytes?(path: string): Promise<Uint8Array>;
  /** 'dir' for a folder, 'file' otherwise; rejects (ENOENT) when there is nothing there. */
  kindOf?(path: string): Promise<'file' | 'dir'>;
  /** Every file under a folder (recursively, symlinked folders not followed), with `/`-separated relative paths. */
  listFiles?(dir: string): Promise<{ path: string; size: number }[]>;
  // (optional: an in-memory IO without them reads every FILE as a plain manifest file)
  /** Runs a program (no shell) and collects its output; a program that cannot start gives code 127. */
  exec?(cmd: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Is `cmd` an executable on PATH? */
  which?(cmd: string): Promise<boolean>;
  /** Bytes (inputs.ts decodes them and reports invalid UTF-8 with its position) or, in tests, text. */
  readStdin(): Promise<string | Uint8Array>;
  /** Colour the text output (a TTY, and NO_COLOR unset). */
  color: boolean;
}

export function nodeIO(): CliIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readFile: (p) => readFile(p, 'utf8'),
    readBytes: async (p) => new Uint8Array(await readFile(p)),
    kindOf: async (p) => ((await stat(p)).isDirectory() ? 'dir' : 'file'),
    async listFiles(dir) {
      const out: { path: string; size: number }[] = [];
      for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
        if (!e.isFile()) continue;
        const full = join(e.parentPath, e.name);
        out.push({ path: relative(dir, full).split(sep).join('/'), size: (await stat(full)).size });
      }
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
      return new Uint8Array(Buffer.concat(chunks));
    },
    exec: (cmd, args) =>
      new Promise((res) => {
        execFile(cmd, [...args], { maxBuffer: 2 * 1024 ** 3, encoding: 'utf8', windowsHide: true }, (err, stdout, stderr) => {
          const code = err ? ((err as { code?: unknown }).code === 'ENOENT' ? 127 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
          res({ code, stdout, stderr: stderr || (code === 127 ? `${cmd}: not found` : err ? err.message : '') });
        });
      }),
    async which(cmd) {
      for (const dir of (process.env.PATH ?? '').split(delimiter)) {
        if (!dir) continue;
        try {
          await access(join(dir, cmd), constants.X_OK);
          return true;
        } catch {
          // not in this folder
        }
      }
      return false;
    },
    color: !!process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
  };
}
