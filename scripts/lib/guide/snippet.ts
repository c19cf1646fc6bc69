/** Reading a snippet for `plan`: its commands, with the variables the runner knows filled in. */
import fs from 'node:fs';
import path from 'node:path';

/** `[export ]KEY=value` lines of a guide.env file; {} when it is missing. */
export function readEnvFile(file: string): Record<string, string> {
  return fs.existsSync(file) ? parseEnv(fs.readFileSync(file, 'utf8')) : {};
}

/** `[export ]KEY=value` lines of guide.env text. */
export function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/**
 * Substitutes $VAR, ${VAR}, ${VAR:-x}, ${VAR:?x}, $1…$9 and ${1…}, where known;
 * leaves the rest as written. A `${VAR:-x}` default stands in only for a
 * variable from outside the script: one in `locals` (the script assigns it
 * itself, so its value is only known when it runs) stays as written.
 */
export function resolveLine(line: string, vars: Record<string, string>, args: readonly string[], locals: ReadonlySet<string> = new Set()): string {
  const lookup = (name: string) => (/^[1-9]$/.test(name) ? args[Number(name) - 1] : vars[name]);
  return line
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*|[1-9])(:?[-?])?([^}]*)\}/g, (whole, name: string, op: string | undefined, rest: string) => {
      // Other expansions (${name#*.}, ${name%/}, ${name//a/b}) change the value: left as written.
      if (!op && rest) return whole;
      return lookup(name) ?? (op?.endsWith('-') && !locals.has(name) ? rest : whole);
    })
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*|[1-9])/g, (whole, name: string) => lookup(name) ?? whole);
}

/** How often a script assigns each name: `name=…`, `local name`, `for name in`, `read name`. */
export function assignmentCounts(script: string): Map<string, number> {
  const text = script
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');
  const counts = new Map<string, number>();
  const add = (n: string) => counts.set(n, (counts.get(n) ?? 0) + 1);
  for (const m of text.matchAll(/(?:^|[\s;(&|])(?:local\s+|export\s+|declare\s+(?:-\w+\s+)?)?([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?=/gm)) add(m[1]!);
  for (const m of text.matchAll(/\b(?:local|for|read(?:\s+-\w+)*)\s+([A-Za-z_][A-Za-z0-9_]*(?:\s+[A-Za-z_][A-Za-z0-9_]*)*)/g)) for (const n of m[1]!.split(/\s+/)) if (n !== 'in') add(n);
  return counts;
}


/**
 * The commands of a snippet (no comments, blank lines or shell options), with
 * variables resolved: the runner's, and those the snippet itself assigns once,
 * plainly (name="…" or name=word, without command substitution), before their
 * use. Other variables the snippet assigns stay as written.
 */
export function snippetCommands(root: string, snippet: string, vars: Record<string, string>, args: readonly string[]): string[] {
  const text = fs.readFileSync(path.join(root, snippet), 'utf8');
  const counts = assignmentCounts(text);
  const locals = new Set(counts.keys());
  const known = { ...vars };
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim() || line.trim().startsWith('#') || /^set -[euo]/.test(line.trim())) continue;
    const resolved = resolveLine(line, known, args, locals);
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"`$]*)"|([^\s"'`$;&|()]+))$/.exec(resolved.trim());
    // Only a name assigned once has one value the plan can show; a reassigned one (a loop's) stays as written.
    if (assignment && !line.includes('$(') && counts.get(assignment[1]!) === 1) known[assignment[1]!] = assignment[2] ?? assignment[3]!;
    out.push(resolved);
  }
  return out;
}
