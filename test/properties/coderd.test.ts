/** The coderd (Day 1/2) layer over generated Coder configurations: Properties 7, 10 and 11. */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/repo.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Testing } from 'cdktn';
import { production } from '../../iac/config/profiles/production.js';
import type { DeploymentConfigInput } from '../../iac/config/schema.js';
import { resolveDeployment, type Deployment } from '../../iac/deployment.js';
import { TSHIRT_SIZES } from '../../iac/coder/catalog.js';
import { admits, CoderStack } from '../../iac/stacks/coder-stack.js';
import { provisionerTags } from '../../iac/platform.js';
import { testingApp } from '../helpers/temp.js';

const weekday = fc.constantFrom('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday');
const coderSection = fc.record({
  groups: fc.uniqueArray(
    fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{1,14}[a-z0-9]$/),
      quotaAllowance: fc.integer({ min: 0, max: 500 }),
      idpGroups: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{2,12}$/), { maxLength: 3 }),
      templates: fc.constantFrom('all', 'swdev', 'datasci'),
      templateAdmin: fc.boolean(),
    }),
    { minLength: 1, maxLength: 4, selector: (g) => g.name },
  ),
  roleSync: fc.dictionary(fc.stringMatching(/^[a-z][a-z-]{2,10}$/), fc.subarray(['organization-admin', 'organization-template-admin', 'organization-user-admin', 'organization-auditor'] as const, { minLength: 1 }), { maxKeys: 3 }),
  schedule: fc.record({
    defaultTtlHours: fc.integer({ min: 1, max: 72 }),
    activityBumpHours: fc.integer({ min: 1, max: 8 }),
    autoStartDays: fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 }),
    dormantAfterDays: fc.integer({ min: 0, max: 90 }),
  }),
  alwaysOnTemplates: fc.subarray(TSHIRT_SIZES.map((t) => t.name)),
});

const configs = coderSection.map((coder): DeploymentConfigInput => ({ ...production, coder }));

interface Synth {
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

/** A cluster to reach (the provisioner key's secret goes there); in the app, the cluster stack's outputs. */
const CLUSTER = { host: 'https://example.eks.amazonaws.com', clusterCaCertificate: 'ca', exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] } };

function synthCoder(raw: DeploymentConfigInput): { deployment: Deployment; tf: Synth } {
  const deployment = resolveDeployment(raw);
  const tf = JSON.parse(Testing.synth(new CoderStack(testingApp(), deployment, CLUSTER))) as Synth;
  return { deployment, tf };
}

const templates = (tf: Synth) => Object.values(tf.resource.coderd_template ?? {}) as Array<Record<string, unknown> & { name: string }>;
const HOUR = 3_600_000;

describe('coderd layer', () => {
  it('Feature: coder-deployment-guide, Property 10: T-Shirt Size Template Availability', () => {
    fc.assert(
      fc.property(configs, (raw) => {
        const { tf } = synthCoder(raw);
        // The design's seven sizes, plus the Windows Medium and Large sizes of the Windows composition
        // and the Linux desktop size of the desktop composition.
        expect(templates(tf).map((t) => t.display_name).sort()).toEqual(
          ['Data Sci Large', 'Data Sci Standard', 'Data Sci XLarge', 'Platform/DevSecOps', 'SW Dev Desktop', 'SW Dev Desktop VM', 'SW Dev Large', 'SW Dev Medium', 'SW Dev Small', 'Windows Dev Large', 'Windows Dev Medium'],
        );
        for (const t of templates(tf)) {
          const versions = t.versions as Array<{ active: boolean; directory: string; tf_vars: Array<{ name: string; value: string }> }>;
          expect(versions.filter((v) => v.active)).toHaveLength(1);
          // <out>/templates/<composition>, seen from <out>/stacks/coder: inside the synth output.
          expect(versions[0]!.directory).toMatch(/^\.\.\/\.\.\/templates\/[a-z0-9-]+$/);
          // The composition exists and offers the size the template starts on (the committed copy, composed
          // from the same compositions.yaml, stands in for the one the templates step writes there).
          const main = fs.readFileSync(path.join(repoRoot, 'templates', 'composed', path.basename(versions[0]!.directory), 'main.tf'), 'utf8');
          expect(versions[0]!.tf_vars).toEqual([{ name: 'compute_profile', value: t.name }]);
          expect(main).toContain(`value       = "${t.name}"`);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('Feature: coder-deployment-guide, Property 7: Template Auto-Stop Configuration', () => {
    fc.assert(
      fc.property(configs, (raw) => {
        const { deployment, tf } = synthCoder(raw);
        const alwaysOn = deployment.config.coder.alwaysOnTemplates;
        for (const t of templates(tf)) {
          expect(t.allow_user_auto_start).toBe(true);
          expect((t.auto_start_permitted_days_of_week as string[]).length).toBeGreaterThan(0);
          if (alwaysOn.includes(t.name)) {
            expect(t.default_ttl_ms).toBe(0);
          } else {
            expect(t.default_ttl_ms).toBeGreaterThan(0);
            expect(t.allow_user_auto_stop).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('Feature: coder-deployment-guide, Property 11: Declarative Configuration Consistency', () => {
    fc.assert(
      fc.property(configs, (raw) => {
        const { deployment, tf } = synthCoder(raw);
        const coder = deployment.config.coder;
        // Read the declared configuration back out of the synthesized resources.
        const groups = Object.entries(tf.resource.coderd_group ?? {}).map(([address, g]) => ({ address, name: g.name as string, quotaAllowance: g.quota_allowance as number }));
        expect(groups.map(({ name, quotaAllowance }) => ({ name, quotaAllowance })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
          coder.groups.map((g) => ({ name: g.name, quotaAllowance: g.quotaAllowance })).sort((a, b) => a.name.localeCompare(b.name)),
        );
        const nameOf = (ref: string) => groups.find((g) => ref === `\${coderd_group.${g.address}.id}`)!.name;
        const sync = Object.values(tf.resource.coderd_organization_group_sync!)[0]!;
        const mapping = Object.fromEntries(Object.entries(sync.mapping as Record<string, string[]>).map(([idp, refs]) => [idp, refs.map(nameOf).sort()]));
        const expected: Record<string, string[]> = {};
        for (const g of coder.groups) for (const idp of g.idpGroups) (expected[idp] ??= []).push(g.name);
        for (const idp of Object.keys(expected)) expected[idp]!.sort();
        expect(mapping).toEqual(expected);
        const org = Object.values(tf.resource.coderd_organization!)[0]!;
        expect(org.role_sync).toEqual({ field: deployment.config.oidc.roleField, mapping: coder.roleSync });
        for (const t of templates(tf)) {
          if (!coder.alwaysOnTemplates.includes(t.name)) expect(t.default_ttl_ms).toBe(coder.schedule.defaultTtlHours * HOUR);
          expect(t.activity_bump_ms).toBe(coder.schedule.activityBumpHours * HOUR);
          expect(t.auto_start_permitted_days_of_week).toEqual(coder.schedule.autoStartDays);
          const acl = (t.acl as { groups: Array<{ id: string; role: string }> }).groups.map((a) => ({ name: nameOf(a.id), role: a.role }));
          const wanted = coder.groups.filter((g) => g.templateAdmin || admits(g.templates, t.name)).map((g) => ({ name: g.name, role: g.templateAdmin ? 'admin' : 'use' }));
          expect(acl).toEqual(wanted);
        }
        const key = Object.values(tf.resource.coderd_provisioner_key!)[0]!;
        expect(key.tags).toEqual(provisionerTags(deployment.config.name));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses an always-on template that is not in the catalog', () => {
    expect(() => resolveDeployment({ ...production, coder: { ...production.coder!, alwaysOnTemplates: ['gpu-monster'] } })).toThrow(/coder\.alwaysOnTemplates\.0: "gpu-monster" is not a template of the catalog/);
  });
});
