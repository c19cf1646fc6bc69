/**
 * Config text stays text (#21): Terraform's JSON syntax evaluates `${…}` and
 * `%{…}` in every string, so an IdP group named `${file("/etc/passwd")}`
 * written as it is would be run by Terraform. Each config field that accepts
 * such text is found by trying it against the validator; each is then fed
 * arbitrary strings, and the synthesized stacks, read back as Terraform reads
 * them, must carry the string unchanged and no expression the config did not
 * cause. The reader itself is held to the real `terraform console`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Testing } from 'cdktn';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../iac/app.js';
import { validateConfig } from '../../iac/config/index.js';
import { production } from '../../iac/config/profiles/production.js';
import type { DeploymentConfigInput } from '../../iac/config/schema.js';
import { resolveDeployment } from '../../iac/deployment.js';
import { escapeTemplate, literalText } from '../../iac/providers/literal.js';
import { readTemplate } from '../helpers/terraform-template.js';
import { tempDir } from '../helpers/temp.js';
import { skipLoudly } from '../helpers/tools.js';

const EVIL = '${file("/etc/passwd")}%{ if true }x%{ endif }';

/** Text Terraform and the guide must carry unchanged: its template characters often, quotes, backslashes, newlines, some non-ASCII. */
const text: fc.Arbitrary<string> = fc.string({ unit: fc.oneof({ weight: 3, arbitrary: fc.constantFrom<string>('$', '%', '{', '}', '$${', '%%{', '${', '%{', '"', '\\', '\n', ' ', 'é', '→') }, { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) }), minLength: 1, maxLength: 24 }).filter((s) => s.trim() === s && s.length > 0);

/** The production profile with every optional text field filled in, so that each can be probed. */
function fullConfig(): DeploymentConfigInput {
  const c = structuredClone(production) as DeploymentConfigInput & { coder: { groups: Array<Record<string, unknown>>; roleSync?: Record<string, string[]>; siteRoleSync?: Record<string, string[]> } };
  c.coder.groups = c.coder.groups.map((g, i) => ({ ...g, displayName: g.displayName ?? `Group ${i}`, idpGroups: [...((g.idpGroups as string[] | undefined) ?? []), `idp-${i}`] }));
  c.coder.roleSync = { ...(c.coder.roleSync ?? {}), 'platform-admins': ['organization-admin'] };
  c.coder.siteRoleSync = { ...(c.coder.siteRoleSync ?? {}), 'site-owners': ['owner'] };
  c.tags = { ...(c.tags ?? {}), CostCenter: 'cc-1' };
  c.oidc = { scopes: ['openid', 'profile', 'email', 'groups'], groupField: 'groups', roleField: 'roles', ...c.oidc };
  return c;
}

type Path = Array<string | number>;
/** A place config text can go: a value (replaced, or appended to, for a URL) or an object key. */
interface Field {
  path: Path;
  kind: 'value' | 'append' | 'key';
}

function walk(value: unknown, at: Path, out: Array<{ path: Path; key?: string; value?: string }>): void {
  if (typeof value === 'string') out.push({ path: at, value });
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: at, key: k });
      walk(v, [...at, k], out);
    }
  }
}

function put(config: unknown, field: Field, s: string, original: { key?: string; value?: string }): unknown {
  const copy = structuredClone(config) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  const steps = field.kind === 'key' ? field.path : field.path.slice(0, -1);
  for (const step of steps) parent = parent[step] as Record<string | number, unknown>;
  if (field.kind === 'key') {
    const entries = Object.entries(parent).map(([k, v]) => [k === original.key ? s : k, v]);
    for (const k of Object.keys(parent)) delete parent[k];
    Object.assign(parent, Object.fromEntries(entries));
  } else {
    const last = field.path.at(-1)!;
    parent[last] = field.kind === 'append' ? `${original.value}${s}` : s;
  }
  return copy;
}

const accepts = (config: unknown) => {
  try {
    validateConfig(config, 'probe');
    return true;
  } catch {
    return false;
  }
};

/** Every field the validator lets a template sequence into, with how it was let in. */
function textFields(base: DeploymentConfigInput): Array<Field & { original: { key?: string; value?: string } }> {
  const places: Array<{ path: Path; key?: string; value?: string }> = [];
  walk(base, [], places);
  const fields: Array<Field & { original: { key?: string; value?: string } }> = [];
  for (const p of places) {
    const kinds: Field['kind'][] = p.key !== undefined ? ['key'] : ['value', 'append'];
    for (const kind of kinds) {
      const field = { path: p.path, kind };
      if (accepts(put(base, field, EVIL, p))) {
        fields.push({ ...field, original: p });
        break;
      }
    }
  }
  return fields;
}

const label = (f: Field & { original: { key?: string } }) => `${f.path.join('.')}${f.kind === 'key' ? `{key ${f.original.key}}` : f.kind === 'append' ? '+' : ''}`;

/** Every string of a JSON value, keys included. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  }
  return out;
}

/** The texts a read-back string carries: itself, and the leaves of the YAML or JSON document it holds (values files, env JSON). */
function texts(s: string, out: string[] = [], depth = 0): string[] {
  out.push(s);
  if (depth > 3 || !(s.includes('\n') || /^\s*[[{]/.test(s))) return out;
  for (const parse of [(x: string) => JSON.parse(x) as unknown, (x: string) => YAML.parse(x, { logLevel: 'silent' }) as unknown]) {
    try {
      const doc = parse(s);
      if (doc && typeof doc === 'object') for (const leaf of strings(doc)) texts(leaf, out, depth + 1);
      return out;
    } catch {
      // not this kind of document
    }
  }
  return out;
}

/** The stacks that receive free config text, synthesized in memory; read back as Terraform reads them. */
function readBack(config: unknown): { texts: string[]; expressions: string[] } {
  const deployment = resolveDeployment(config);
  const { stacks } = buildApp(deployment, tempDir('guide-text-'));
  const all = { texts: [] as string[], expressions: [] as string[] };
  for (const stack of Object.values(stacks)) {
    for (const raw of strings(JSON.parse(Testing.synth(stack)))) {
      const r = readTemplate(raw);
      all.expressions.push(...r.expressions);
      texts(r.text, all.texts);
    }
  }
  return all;
}

const base = fullConfig();
const fields = textFields(base);
const baseline = readBack(base);

describe('config text reaches Terraform as text', () => {
  it('finds the fields that accept template text, and the validator refuses it where AWS would (tags, names, hosts)', () => {
    const found = fields.map(label);
    console.log(`fields that accept any text: ${found.join(', ')}`);
    // The fields whose rules allow any text (IdP names, display names, claim names, client IDs).
    for (const expected of ['oidc.clientId', 'oidc.groupField', 'oidc.roleField', 'oidc.scopes.0', 'gitProvider.clientId', 'coder.groups.0.displayName', 'coder.groups.0.idpGroups.0', 'coder.roleSync{key platform-admins}', 'coder.siteRoleSync{key site-owners}']) {
      expect(found).toContain(expected);
    }
    // Those with a character set of their own refuse it.
    for (const refused of ['name', 'tags.Project', 'tags{key Project}', 'dns.accessHost', 'coder.groups.0.name', 'stateBackend.bucket']) expect(found).not.toContain(refused);
  });

  it('Feature: coder-deployment-guide, Property 11: Declarative Configuration Consistency: config text, read back from the synthesized stacks as Terraform reads them, is the text given, and adds no expression', () => {
    expect(fields.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(fc.array(text, { minLength: fields.length, maxLength: fields.length }), (inputs) => {
        let config: unknown = base;
        const given = new Map<string, string>();
        fields.forEach((f, i) => {
          // Two keys of one map must differ: make each unique by its index.
          const s = f.kind === 'key' ? `${inputs[i]}#${i}` : inputs[i]!;
          const next = put(config, f, s, f.original);
          // A string the field's own rules refuse (a space in a URL) is left out of this run, not the run.
          if (!accepts(next)) return;
          config = next;
          given.set(label(f), f.kind === 'append' ? `${f.original.value}${s}` : s);
        });
        const back = readBack(config);
        // Terraform would evaluate exactly the expressions the stacks write themselves.
        expect(back.expressions.sort()).toEqual([...baseline.expressions].sort());
        for (const [field, value] of given) {
          expect(back.texts.some((t) => t.includes(value)), `${field}: ${JSON.stringify(value)} reached Terraform changed`).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  }, 300_000);
});

// terraform console needs no provider: only the CLI.
const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
if (!hasTerraform) skipLoudly('the Terraform template reader against terraform console', 'terraform is not on PATH; install Terraform 1.10+ (see README.md)');

describe('the reader, held to the real terraform console', () => {
  it.skipIf(!hasTerraform)('reads each escaped string, and a $ or % before a reference, as terraform console evaluates it', () => {
    const samples = [...fc.sample(text, { numRuns: 300, seed: 21 }), '$$${', '%%%{', '$', '%', '${', '$${x}', 'a$', 'b%'];
    const cases = samples.map((s) => escapeTemplate(s));
    // And the helper's form for text right before a reference: `${"$"}` then the reference.
    const marker = '${TfToken[TOKEN.1]}';
    const joined = ['a$', 'b%', '$${'].map((s) => literalText(`${s}${marker}`).replace(marker, '${local.ref}'));
    const dir = tempDir('guide-tf-console-');
    const locals: Record<string, string> = { ref: 'R' };
    [...cases, ...joined].forEach((c, i) => (locals[`c${i}`] = c));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ locals }));
    const input = `jsonencode([${[...cases, ...joined].map((_, i) => `local.c${i}`).join(', ')}])\n`;
    const r = spawnSync('terraform', ['console'], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
    expect(r.status, r.stderr).toBe(0);
    const evaluated = JSON.parse(JSON.parse(r.stdout.trim()) as string) as string[];
    cases.forEach((c, i) => {
      expect(evaluated[i], JSON.stringify(samples[i])).toBe(samples[i]);
      expect(readTemplate(c).text).toBe(samples[i]);
      expect(readTemplate(c).expressions).toEqual([]);
    });
    expect(evaluated.slice(cases.length)).toEqual(['a$R', 'b%R', '$${R']);
  });
});
