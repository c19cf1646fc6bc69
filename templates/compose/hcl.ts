/**
 * A small HCL writer for the composed templates, formatted the way
 * `terraform fmt` formats (two-space indent, `=` aligned across consecutive
 * one-line attributes), so a composed template passes `terraform fmt -check`.
 */
export class Expr {
  constructor(readonly text: string) {}
}
/** A raw HCL expression (a reference or a function call), written as is. */
export const expr = (text: string) => new Expr(text);

export type HclValue = string | number | boolean | Expr | HclValue[] | { [key: string]: HclValue };

export interface Block {
  kind: 'block';
  type: string;
  labels: string[];
  body: Item[];
}
export type Item = Block | { kind: 'attr'; name: string; value: HclValue } | { kind: 'comment'; text: string } | { kind: 'blank' };

export const block = (type: string, labels: string[], body: Item[]): Block => ({ kind: 'block', type, labels, body });
export const attr = (name: string, value: HclValue): Item => ({ kind: 'attr', name, value });
export const comment = (text: string): Item => ({ kind: 'comment', text });
export const blank: Item = { kind: 'blank' };

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function str(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

function key(k: string): string {
  return IDENT.test(k) ? k : str(k);
}

function isObject(v: HclValue): v is { [key: string]: HclValue } {
  return typeof v === 'object' && !(v instanceof Expr) && !Array.isArray(v);
}

/** Renders a value; multi-line for non-empty objects. */
function value(v: HclValue, indent: string): string {
  if (v instanceof Expr) return v.text;
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    const parts = v.map((x) => value(x, indent));
    if (parts.every((p) => !p.includes('\n'))) return `[${parts.join(', ')}]`;
    return `[\n${parts.map((p) => `${indent}  ${p},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{\n${lines(entries.map(([k, x]) => ({ kind: 'attr', name: key(k), value: x }) as Item), `${indent}  `).join('\n')}\n${indent}}`;
}

function lines(items: Item[], indent: string): string[] {
  const out: string[] = [];
  let group: Array<{ name: string; text: string }> = [];
  const flush = () => {
    const width = Math.max(0, ...group.map((g) => g.name.length));
    for (const g of group) out.push(`${indent}${g.name.padEnd(width)} = ${g.text}`);
    group = [];
  };
  for (const item of items) {
    if (item.kind === 'attr') {
      const text = value(item.value, indent);
      if (text.includes('\n')) {
        flush();
        out.push(`${indent}${item.name} = ${text}`);
      } else group.push({ name: item.name, text });
      continue;
    }
    flush();
    if (item.kind === 'blank') out.push('');
    else if (item.kind === 'comment') out.push(...item.text.split('\n').map((l) => `${indent}# ${l}`.trimEnd()));
    else {
      const head = [item.type, ...item.labels.map((l) => str(l))].join(' ');
      if (item.body.length === 0) out.push(`${indent}${head} {}`);
      else out.push(`${indent}${head} {`, ...lines(item.body, `${indent}  `), `${indent}}`);
    }
  }
  flush();
  return out;
}

/** A file of top-level blocks and comments, separated as terraform fmt leaves them. */
export function renderFile(items: Item[]): string {
  return `${lines(items, '').join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
