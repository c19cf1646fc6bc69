/**
 * The hand-written provider bindings (iac/providers/) against the providers' real schemas (#17):
 * every attribute and nested block they synthesize, in every stack of both profiles, is one the
 * provider accepts at the pinned version. The schemas are extracted from upstream (the prebuilt
 * CDK bindings' generated code, and coderd's generated docs), see test/fixtures/provider-schemas/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDeployment } from '../../iac/deployment.js';
import type { SynthesizedApp } from '../../iac/policies/model.js';
import { synthesizeToMemory } from '../helpers/synth.js';
import { repoRoot } from '../helpers/repo.js';

type Schema = { [argument: string]: Schema | null };
const DIR = path.join(repoRoot, 'test', 'fixtures', 'provider-schemas');
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Schema;

const SCHEMAS: Record<'provider' | 'resource' | 'data', Record<string, Schema>> = {
  provider: { kubernetes: load('kubernetes-provider.json'), helm: load('helm-provider.json'), http: load('http-provider.json'), coderd: load('coderd-provider.json') },
  resource: {
    kubernetes_manifest: load('kubernetes_manifest.json'),
    kubernetes_secret_v1: load('kubernetes_secret_v1.json'),
    helm_release: load('helm_release.json'),
    coderd_organization: load('coderd_organization.json'),
    coderd_group: load('coderd_group.json'),
    coderd_organization_group_sync: load('coderd_organization_group_sync.json'),
    coderd_provisioner_key: load('coderd_provisioner_key.json'),
    coderd_license: load('coderd_license.json'),
    coderd_template: load('coderd_template.json'),
  },
  data: { http: load('http-data.json') },
};
/** Meta-arguments Terraform itself takes on every block. */
const META = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'alias']);
/** The providers whose bindings are ours (AWS comes from the published @cdktn/provider-aws). */
const OURS = ['kubernetes', 'helm', 'http', 'coderd'];

/** The attribute paths of a synthesized body that the schema does not have. */
function unknown(body: unknown, schema: Schema, at: string): string[] {
  if (Array.isArray(body)) return body.flatMap((b) => unknown(b, schema, at));
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body as Record<string, unknown>).flatMap(([key, value]) => {
    if (META.has(key)) return [];
    if (!(key in schema)) return [`${at}.${key}`];
    const nested = schema[key];
    return nested ? unknown(value, nested, `${at}.${key}`) : [];
  });
}

/** Every block of our providers in an app: [kind, type, address, body]. */
function blocks(app: SynthesizedApp): Array<[keyof typeof SCHEMAS, string, string, unknown]> {
  const out: Array<[keyof typeof SCHEMAS, string, string, unknown]> = [];
  for (const [stack, json] of Object.entries(app.stacks)) {
    for (const [name, configs] of Object.entries((json.provider ?? {}) as Record<string, unknown[]>)) if (OURS.includes(name)) for (const c of configs) out.push(['provider', name, `${stack}: provider.${name}`, c]);
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!OURS.some((p) => type === p || type.startsWith(`${p}_`))) continue;
        for (const [name, body] of Object.entries(byName)) out.push([kind, type, `${stack}: ${kind === 'data' ? 'data.' : ''}${type}.${name}`, body]);
      }
    }
  }
  return out;
}

const apps: SynthesizedApp[] = [];
beforeAll(() => {
  for (const profile of ['production', 'evaluation']) apps.push(synthesizeToMemory(loadDeployment(profile)));
});

describe('the hand-written provider bindings against the providers\' schemas', () => {
  it('write only arguments the pinned providers accept, in every block of both profiles', () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const app of apps) {
      for (const [kind, type, address, body] of blocks(app)) {
        seen.add(`${kind} ${type}`);
        const schema = SCHEMAS[kind][type];
        if (!schema) problems.push(`${address}: no schema fixture for ${kind} ${type}`);
        else problems.push(...unknown(body, schema, address));
      }
    }
    expect(problems).toEqual([]);
    // Every binding is exercised: each fixture's type is synthesized somewhere.
    for (const kind of Object.keys(SCHEMAS) as Array<keyof typeof SCHEMAS>) for (const type of Object.keys(SCHEMAS[kind])) expect(seen, `${kind} ${type}`).toContain(`${kind} ${type}`);
  });

  it('bites: a misspelt argument, one in a nested block, and one a provider dropped are each named', () => {
    expect(unknown({ data_write_only: {} }, SCHEMAS.resource.kubernetes_secret_v1!, 's')).toEqual(['s.data_write_only']);
    expect(unknown({ metadata: { name: 'a', namespce: 'b' } }, SCHEMAS.resource.kubernetes_secret_v1!, 's')).toEqual(['s.metadata.namespce']);
    expect(unknown({ versions: [{ directory: 'd', tf_vars: [{ name: 'a', val: 'b' }] }] }, SCHEMAS.resource.coderd_template!, 't')).toEqual(['t.versions.tf_vars.val']);
    // helm 3.x made `kubernetes` an attribute object; the 2.x block argument `kubernetes.exec` stays valid, `load_config_file` is gone.
    expect(unknown({ kubernetes: { load_config_file: true } }, SCHEMAS.provider.helm!, 'p')).toEqual(['p.kubernetes.load_config_file']);
  });
});
