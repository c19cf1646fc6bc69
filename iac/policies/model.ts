/**
 * A read-only view of synthesized Terraform JSON (all stacks of an app), for
 * policy checks that judge the output whatever produced it.
 */
import fs from 'node:fs';
import path from 'node:path';

export type Json = Record<string, unknown>;

export interface Block {
  stack: string;
  type: string;
  name: string;
  /** Terraform address, e.g. aws_s3_bucket.tfstate_bucket_1234. */
  address: string;
  body: Json;
}

export interface SynthesizedApp {
  stacks: Record<string, Json>;
}

export function loadSynthesized(synthDir: string): SynthesizedApp {
  const dir = path.join(synthDir, 'stacks');
  const stacks: Record<string, Json> = {};
  for (const stack of fs.readdirSync(dir).sort()) {
    stacks[stack] = JSON.parse(fs.readFileSync(path.join(dir, stack, 'cdk.tf.json'), 'utf8')) as Json;
  }
  return { stacks };
}

function blocks(app: SynthesizedApp, kind: 'resource' | 'data', type: string): Block[] {
  const out: Block[] = [];
  for (const [stack, json] of Object.entries(app.stacks)) {
    const byName = ((json[kind] as Json | undefined)?.[type] ?? {}) as Record<string, Json>;
    for (const [name, body] of Object.entries(byName)) {
      out.push({ stack, type, name, address: `${kind === 'data' ? 'data.' : ''}${type}.${name}`, body });
    }
  }
  return out;
}

export const resources = (app: SynthesizedApp, type: string) => blocks(app, 'resource', type);
export const dataSources = (app: SynthesizedApp, type: string) => blocks(app, 'data', type);

/** True when `value` is an expression that references `address` (e.g. "${aws_s3_bucket.x.id}"). */
export function references(value: unknown, address: string): boolean {
  return typeof value === 'string' && new RegExp(`\\$\\{[^}]*\\b${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(value);
}

/** The first element of a block list or the object itself (provider JSON renders nested blocks either way). */
export function first(value: unknown): Json | undefined {
  if (Array.isArray(value)) return value[0] as Json | undefined;
  return value as Json | undefined;
}

export function list(value: unknown): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as Json[]) : [value as Json];
}

export function deepClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
