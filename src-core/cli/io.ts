// The CLI's only contact with Node: files, standard input, output streams, and whether to colour.
// Injected into main() so tests can run the command in-process as well as by spawning it.
import { readFile } from 'node:fs/promises';

export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Bytes (decoded by the caller, which reports invalid UTF-8) or, in tests, text. */
  readFile(path: string): Promise<string | Uint8Array>;
  readStdin(): Promise<string | Uint8Array>;
  /** Colour the text output (a TTY, and NO_COLOR unset). */
  color: boolean;
}

export function nodeIO(): CliIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readFile: (p) => readFile(p),
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
      return Buffer.concat(chunks);
    },
    color: !!process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
  };
}
