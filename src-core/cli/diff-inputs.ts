// The two sides of `podpath diff`: `OLD... -- NEW...` (each side files, folders or archives, read like any
// FILE argument), or `FILE... --base GIT_REF` (the working files are the new side; the old side is the same
// paths at GIT_REF, read with `git show` / `git ls-tree` through the CLI's IO, no shell). Old-side files are
// named `REF:path`, so a position reads `main:deploy/app.yaml:12:3`.
import { basename, dirname } from 'node:path';
import { isArchive, readFolder } from '../input/index';
import type { InputFile } from '../parse/parse';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import { InputError, readInputs } from './inputs';
import type { CliIO } from './io';

export interface DiffInputs {
  before: InputFile[];
  after: InputFile[];
  notes: string[];
  /** For the report's header. */
  beforeName: string;
  afterName: string;
}

async function git(io: CliIO, dir: string, args: string[]): Promise<string> {
  if (!io.exec) throw new InputError('--base needs to run git, and this environment cannot run programs');
  const r = await io.exec('git', ['-C', dir || '.', ...args]);
  if (r.code === 127) throw new InputError('--base needs git on PATH');
  if (r.code !== 0) throw new InputError(`git ${args.join(' ')} (in ${dir || '.'}): ${r.stderr.trim().split('\n')[0] || `exit ${r.code}`}`);
  return r.stdout;
}

/** A REF that git would read as an option, or a revision range, is refused before it reaches git. */
function checkRef(ref: string): void {
  if (!ref || ref.startsWith('-') || /[\s\u0000-\u001f]/.test(ref) || ref.includes('..')) throw new UsageError(`--base needs a git revision (a branch, tag or commit), not ${JSON.stringify(ref)}`);
}

/** The files of `path` as they are at `ref`: one file, or a folder's tree (chosen like a folder argument). */
async function atRevision(io: CliIO, ref: string, path: string): Promise<{ files: InputFile[]; note?: string }> {
  let kind: 'file' | 'dir' = 'file';
  if (io.kindOf) {
    try {
      kind = await io.kindOf(path);
    } catch {
      kind = 'file'; // deleted in the working tree: still read it from the revision
    }
  }
  if (kind === 'file') {
    if (io.readBytes) {
      try {
        if (isArchive(await io.readBytes(path))) throw new InputError(`--base compares text files and folders; ${path} is an archive`);
      } catch (e) {
        if (e instanceof InputError) throw e;
      }
    }
    const dir = dirname(path);
    const text = await git(io, dir, ['show', `${ref}:./${basename(path)}`]);
    return { files: [{ name: `${ref}:${path}`, text }] };
  }
  const dir = path.replace(/\/+$/, '') || '.';
  const listing = (await git(io, dir, ['ls-tree', '-r', '-l', '-z', ref, '--', '.']))
    .split('\u0000')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const size = Number(line.slice(0, tab).trim().split(/\s+/)[3]);
      return { path: line.slice(tab + 1), size: Number.isFinite(size) ? size : 0 };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const enc = new TextEncoder();
  const got = await readFolder(`${ref}:${dir}`, listing, async (rel) => enc.encode(await git(io, dir, ['show', `${ref}:./${rel}`])));
  return { files: got.files, note: got.report.summary };
}

export async function readDiffInputs(args: ParsedArgs, io: CliIO): Promise<DiffInputs> {
  const base = args.options.get('base');
  const pos = args.positional;
  if (base !== undefined) {
    checkRef(base);
    if (args.beforeDashDash !== undefined) throw new UsageError('give OLD... -- NEW... or FILE... --base REF, not both');
    if (pos.length === 0) throw new UsageError('--base needs the FILEs (or folders) to compare with their version at the revision');
    if (pos.includes('-')) throw new UsageError('--base compares files in a git work tree; - (standard input) has no revision');
    const after = await readInputs(pos, io);
    const before: InputFile[] = [];
    const notes = [...after.notes];
    for (const p of pos) {
      const got = await atRevision(io, base, p);
      before.push(...got.files);
      if (got.note) notes.push(got.note);
    }
    return { before, after: after.files, notes, beforeName: `${base}: ${pos.join(' ')}`, afterName: `working files: ${pos.join(' ')}` };
  }
  const cut = args.beforeDashDash;
  if (cut === undefined) throw new UsageError('separate the two sides with --: podpath diff OLD... -- NEW... (or give --base GIT_REF)');
  const oldSide = pos.slice(0, cut);
  const newSide = pos.slice(cut);
  if (oldSide.length === 0 || newSide.length === 0) throw new UsageError('give at least one FILE on each side of --');
  if (pos.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) can be given only once');
  const a = await readInputs(oldSide, io);
  const b = await readInputs(newSide, io);
  return { before: a.files, after: b.files, notes: [...a.notes, ...b.notes], beforeName: oldSide.join(' '), afterName: newSide.join(' ') };
}
