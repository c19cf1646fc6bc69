/** Reading Terraform modules with the real HCL parser (hcl2json, as CDK Terrain uses it). */
import path from 'node:path';
import { parseHclFiles } from '../../templates/compose/layers.js';

export type Json = Record<string, unknown>;

/** Every .tf file of a directory, parsed (by the template tooling's own reader), keyed by file name. */
export async function parseDir(dir: string): Promise<Map<string, Json>> {
  return new Map((await parseHclFiles(dir, '.')).map(({ file, body }) => [path.basename(file), body]));
}

/** All string leaves of a parsed body (expressions stay as "${…}" strings). */
export function strings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const x of node) strings(x, out);
  else if (node && typeof node === 'object') for (const x of Object.values(node)) strings(x, out);
  return out;
}

/** Blocks of one kind across files: for `resource` → type → name → body[]. */
export function blocks<T = Json>(files: Map<string, Json>, kind: string): Record<string, T> {
  return Object.assign({}, ...[...files.values()].map((f) => (f[kind] as Record<string, T>) ?? {}));
}

/** Resources of a type across the files: name → body. */
export function resources(files: Map<string, Json>, type: string): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const f of files.values()) for (const [name, bodies] of Object.entries(((f.resource as Record<string, Record<string, Json[]>>) ?? {})[type] ?? {})) out[name] = bodies[0]!;
  return out;
}

export function referencedVariables(files: Map<string, Json>): Set<string> {
  const refs = new Set<string>();
  for (const s of strings([...files.values()])) for (const m of s.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)) refs.add(m[1]!);
  return refs;
}

export function declaredVariables(files: Map<string, Json>): Set<string> {
  return new Set(Object.keys(blocks(files, 'variable')));
}
