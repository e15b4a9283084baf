// Command-line arguments: `--name value`, `--name=value`, boolean flags, and positional FILEs (`-` is
// standard input). Declarative per command so `--help` and the parser read the same table.

export interface OptionSpec {
  name: string;
  /** Takes a value (`--port 80`), else a flag (`--json`). */
  value?: string;
  help: string;
}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
  /** How many positionals came before a bare `--` (undefined without one): `podpath diff OLD... -- NEW...`. */
  beforeDashDash?: number;
}

export class UsageError extends Error {}

/** `separator`: a bare `--` only splits the positionals in two (`diff OLD -- NEW --profile P`), options still parse after it. */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], separator = false): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (onlyPositional || a === '-' || !a.startsWith('-')) {
      out.positional.push(a);
      continue;
    }
    if (a === '--') {
      out.beforeDashDash ??= out.positional.length;
      onlyPositional = !separator;
      continue;
    }
    if (a === '-h') {
      out.flags.add('help');
      continue;
    }
    if (!a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (spec.value) {
      let v: string | undefined;
      if (eq > 0) v = a.slice(eq + 1);
      else {
        v = argv[i + 1];
        i++;
      }
      if (v === undefined) throw new UsageError(`--${name} needs a value (${spec.value})`);
      out.options.set(name, v);
    } else {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      out.flags.add(name);
    }
  }
  return out;
}

export function optionsHelp(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => [`  --${s.name}${s.value ? ` ${s.value}` : ''}`, s.help]);
  const w = Math.max(...rows.map((r) => r[0].length)) + 2;
  return rows.map(([a, b]) => a.padEnd(w) + b).join('\n');
}
