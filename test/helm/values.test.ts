/**
 * The generated Helm values against the charts' real defaults
 * (../shared/reference/helm), and the design properties they carry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import { loadDeployment } from '../../iac/deployment.js';
import { coderValues } from '../../iac/helm/coder-values.js';
import { provisionerValues } from '../../iac/helm/provisioner-values.js';
import { observabilityValues, SUBCHART_SCHEDULING_KEYS } from '../../iac/helm/observability-values.js';
import { resolveOrSkip, validConfig } from '../helpers/arbitraries.js';
import { repoRoot } from '../helpers/repo.js';
import { REFERENCE_MISSING, referenceHelmDir, skipLoudly } from '../helpers/tools.js';

// The upstream chart defaults live in the shared/ folder beside the repository (GUIDE_SHARED_DIR overrides).
const maybeReference = referenceHelmDir();
if (!maybeReference) skipLoudly('generated values against the upstream chart defaults', REFERENCE_MISSING);
const referenceDir = maybeReference ?? '';
const reference = (file: string) => YAML.parse(fs.readFileSync(path.join(referenceDir, file), 'utf8')) as Record<string, unknown>;
const generated = (file: string) => YAML.parse(fs.readFileSync(path.join(repoRoot, 'generated', 'helm', file), 'utf8')) as Record<string, unknown>;

/** Keys whose values are free-form maps or lists in every chart (see shared/reference/README.md). */
const FREE_FORM = new Set(['env', 'annotations', 'labels', 'podAnnotations', 'podLabels', 'nodeSelector', 'tolerations', 'resources', 'affinity', 'extraTemplates', 'securityContext']);

/** Every object key path of `values` that the chart defaults do not have. */
export function unknownKeyPaths(values: unknown, defaults: unknown, allow: readonly string[] = [], prefix = ''): string[] {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return [];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    const keyPath = prefix ? `${prefix}.${key}` : key;
    if (allow.includes(keyPath)) continue;
    const base = defaults && typeof defaults === 'object' && !Array.isArray(defaults) ? (defaults as Record<string, unknown>) : undefined;
    if (!base || !Object.hasOwn(base, key)) {
      // A parent of an allowed key (loki.minio.makeBucketJob for loki.minio.makeBucketJob.tolerations): look below it.
      if (allow.some((a) => a.startsWith(`${keyPath}.`))) missing.push(...unknownKeyPaths(value, undefined, allow, keyPath));
      else missing.push(keyPath);
      continue;
    }
    const def = base[key];
    // Below a free-form key, or a default that is an empty map or unset, anything goes.
    if (FREE_FORM.has(key) || def === null || (typeof def === 'object' && !Array.isArray(def) && Object.keys(def as object).length === 0)) continue;
    missing.push(...unknownKeyPaths(value, def, allow, keyPath));
  }
  return missing;
}

const FILES = [
  { values: 'coder-values.yaml', defaults: 'coder-values.default.yaml', allow: [] as string[] },
  { values: 'coder-provisioner-values.yaml', defaults: 'coder-provisioner-values.default.yaml', allow: [] as string[] },
  { values: 'observability-values.yaml', defaults: 'coder-observability-values.default.yaml', allow: SUBCHART_SCHEDULING_KEYS },
];

describe.skipIf(!maybeReference)('generated values files against the chart defaults', () => {
  it.each(FILES)('every key path in $values exists in $defaults', ({ values, defaults, allow }) => {
    expect(unknownKeyPaths(generated(values), reference(defaults), allow)).toEqual([]);
  });

  it('catches a key the chart does not have', () => {
    const values = structuredClone(generated('coder-values.yaml')) as { coder: Record<string, unknown> };
    values.coder.replicas = 3; // the chart's key is replicaCount
    (values.coder as Record<string, unknown>).autoscaling = { enabled: true };
    expect(unknownKeyPaths(values, reference('coder-values.default.yaml'))).toEqual(['coder.replicas', 'coder.autoscaling']);
  });

  it('sets none of the environment variables the coder chart manages itself', () => {
    const comment = fs.readFileSync(path.join(referenceDir, 'coder-values.default.yaml'), 'utf8');
    const block = /cannot be\s*\n\s*# overridden:\n([\s\S]*?)\n\s*#\s*\n/.exec(comment)![1]!;
    const managed = [...block.matchAll(/#\s+- ([A-Z_]+)/g)].map((m) => m[1]!);
    expect(managed).toContain('CODER_HTTP_ADDRESS');
    const env = (generated('coder-values.yaml').coder as { env: Array<{ name: string }> }).env.map((e) => e.name);
    expect(env.filter((name) => managed.includes(name))).toEqual([]);
    expect(new Set(env).size).toBe(env.length);
  });

  it('the observability allowlist names only scheduling keys of subcharts the chart ships', () => {
    const defaults = reference('coder-observability-values.default.yaml');
    for (const key of SUBCHART_SCHEDULING_KEYS) {
      expect(key).toMatch(/\.(nodeSelector|tolerations)$/);
      expect(Object.hasOwn(defaults, key.split('.')[0]!), key).toBe(true);
    }
  });
});


const env = (values: { coder: { env: Array<{ name: string; value?: string }> } }, name: string) => values.coder.env.find((e) => e.name === name)?.value;

function keysDeep(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(keysDeep);
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)]);
}

describe('design properties of the values', () => {
  it('Feature: coder-deployment-guide, Property 4: Static Control Plane Configuration', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const deployment = resolveOrSkip(raw);
        const values = coderValues(deployment);
        expect(values.coder.replicaCount).toBe(deployment.sizing.coderd.replicas);
        expect(keysDeep(values).filter((k) => /autoscal|hpa/i.test(k))).toEqual([]);
        expect(JSON.stringify(values)).not.toMatch(/HorizontalPodAutoscaler/);
        expect(values.coder.resources.requests).toEqual(values.coder.resources.limits);
        expect(values.coder.nodeSelector).toEqual({ 'coder.com/node-group': 'coder-control' });
      }),
      { numRuns: 150 },
    );
  });

  it('Feature: coder-deployment-guide, Property 6: External Provisioner Configuration', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const deployment = resolveOrSkip(raw);
        const coder = coderValues(deployment);
        const prov = provisionerValues(deployment);
        expect(env(coder, 'CODER_PROVISIONER_DAEMONS')).toBe('0');
        expect(coder.provisionerDaemon.pskSecretName).toBe('');
        expect(prov.coder.replicaCount).toBe(deployment.sizing.provisioners.peak);
        expect(prov.coder.replicaCount).toBeGreaterThanOrEqual(1);
        expect(prov.provisionerDaemon.pskSecretName).toBe('');
        expect(prov.provisionerDaemon.keySecretName).not.toBe('');
        // The key carries the tags; the chart refuses tags beside a key secret.
        expect(prov.provisionerDaemon).not.toHaveProperty('tags');
        expect(prov.provisionerDaemon.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(600);
        expect(prov.coder.nodeSelector).toEqual({ 'coder.com/node-group': 'coder-prov' });
      }),
      { numRuns: 150 },
    );
  });

  it('site roles come from the IdP only with a mapping: the role field is never set alone', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const deployment = resolveOrSkip(raw);
        const values = coderValues(deployment);
        const mapping = env(values, 'CODER_OIDC_USER_ROLE_MAPPING');
        const field = env(values, 'CODER_OIDC_USER_ROLE_FIELD');
        // Without a mapping coderd would re-sync site roles at every login and remove hand-granted ones.
        expect(field === undefined).toBe(mapping === undefined);
        if (Object.keys(deployment.config.coder.siteRoleSync).length === 0) expect(field).toBeUndefined();
        else expect(JSON.parse(mapping!)).toEqual(deployment.config.coder.siteRoleSync);
      }),
      { numRuns: 150 },
    );
    const production = coderValues(loadDeployment('production'));
    expect(JSON.parse(env(production, 'CODER_OIDC_USER_ROLE_MAPPING')!)).toEqual({ 'coder-admins': ['owner'], 'coder-auditors': ['auditor'] });
    expect(env(coderValues(loadDeployment('evaluation')), 'CODER_OIDC_USER_ROLE_FIELD')).toBeUndefined();
  });

  it('Feature: coder-deployment-guide, Property 9: Admin Workspace Access Restriction', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const values = coderValues(resolveOrSkip(raw));
        expect(env(values, 'CODER_DISABLE_OWNER_WORKSPACE_ACCESS')).toBe('true');
        expect(env(values, 'CODER_DISABLE_PASSWORD_AUTH')).toBe('true');
      }),
      { numRuns: 150 },
    );
  });

  it('the committed files are the production profile\'s values', () => {
    const production = loadDeployment('production');
    expect(generated('coder-values.yaml')).toEqual(JSON.parse(JSON.stringify(coderValues(production))));
    expect(generated('coder-provisioner-values.yaml')).toEqual(JSON.parse(JSON.stringify(provisionerValues(production))));
    expect(generated('observability-values.yaml')).toEqual(JSON.parse(JSON.stringify(observabilityValues(production))));
  });
});
