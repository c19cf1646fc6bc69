/** Reading a snippet for `plan`: its commands, with the variables the runner knows filled in. */
import fs from 'node:fs';
import path from 'node:path';

/** `[export ]KEY=value` lines of generated/guide.env. */
export function readEnvFile(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Substitutes $VAR, ${VAR}, ${VAR:-x}, ${VAR:?x}, $1…$9 and ${1…}, where known; leaves the rest as written. */
export function resolveLine(line: string, vars: Record<string, string>, args: readonly string[]): string {
  const lookup = (name: string) => (/^[1-9]$/.test(name) ? args[Number(name) - 1] : vars[name]);
  return line
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*|[1-9])(:?[-?])?([^}]*)\}/g, (whole, name: string, op: string | undefined, rest: string) => lookup(name) ?? (op?.endsWith('-') ? rest : whole))
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*|[1-9])/g, (whole, name: string) => lookup(name) ?? whole);
}

/**
 * The commands of a snippet (no comments, blank lines or shell options), with
 * variables resolved: the runner's, and those the snippet itself assigns
 * plainly (name="…" without command substitution) before their use.
 */
export function snippetCommands(root: string, snippet: string, vars: Record<string, string>, args: readonly string[]): string[] {
  const known = { ...vars };
  const out: string[] = [];
  for (const raw of fs.readFileSync(path.join(root, snippet), 'utf8').split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim() || line.trim().startsWith('#') || /^set -[euo]/.test(line.trim())) continue;
    const resolved = resolveLine(line, known, args);
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)="([^"`$]*)"$/.exec(resolved.trim());
    if (assignment && !line.includes('$(')) known[assignment[1]!] = assignment[2]!;
    out.push(resolved);
  }
  return out;
}
