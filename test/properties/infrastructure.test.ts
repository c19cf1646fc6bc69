/**
 * Design properties over the synthesized Terraform of generated valid configs.
 * The four properties draw the same 100 configs (one seed) and share one
 * synthesis per config.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError } from '../../iac/config/index.js';
import { resolveDeployment, type Deployment } from '../../iac/deployment.js';
import { CHECKS } from '../../iac/policies/checks.js';
import { dataSources, first, list, references, resources, type SynthesizedApp } from '../../iac/policies/model.js';
import { CONTROL_PLANE_LOGS } from '../../iac/stacks/cluster-stack.js';
import { TLS_POLICY } from '../../iac/stacks/edge-stack.js';
import { validConfig } from '../helpers/arbitraries.js';
import { synthesizeToMemory } from '../helpers/synth.js';

const SEED = 20261126;
const RUNS = { numRuns: 100, seed: SEED };
const cache = new Map<string, { deployment: Deployment; app: SynthesizedApp }>();

function synthOrSkip(raw: unknown) {
  const key = JSON.stringify(raw);
  let hit = cache.get(key);
  if (!hit) {
    let deployment: Deployment;
    try {
      deployment = resolveDeployment(raw);
    } catch (error) {
      if (error instanceof ConfigError) fc.pre(false);
      throw error;
    }
    hit = { deployment, app: synthesizeToMemory(deployment) };
    cache.set(key, hit);
  }
  return hit;
}

const check = (id: string) => CHECKS.find((c) => c.id === id)!;

describe('design properties over generated valid configurations', () => {
  it('Feature: coder-deployment-guide, Property 1: Infrastructure Provisioning Completeness', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const { deployment, app } = synthOrSkip(raw);
        const { config, network, sizing } = deployment;
        const azs = config.availabilityZones.length;
        expect(resources(app, 'aws_vpc').map((v) => v.body.cidr_block)).toEqual([config.network.vpcCidr]);
        expect(resources(app, 'aws_subnet').map((s) => s.body.cidr_block).sort()).toEqual(network.subnets.map((s) => s.cidr).sort());
        expect(resources(app, 'aws_nat_gateway')).toHaveLength(azs);
        expect(resources(app, 'aws_security_group').length).toBeGreaterThanOrEqual(3); // endpoints, database, NLB
        const [cluster] = resources(app, 'aws_eks_cluster');
        expect(cluster!.body.version).toBe(config.cluster.version);
        const groups = resources(app, 'aws_eks_node_group');
        expect(groups.map((g) => g.body.node_group_name).sort()).toEqual(['coder-control', 'coder-prov', 'coder-ws']);
        const ws = groups.find((g) => g.body.node_group_name === 'coder-ws')!;
        expect(first(ws.body.scaling_config)).toMatchObject({ max_size: sizing.nodeGroups.workspace.max, min_size: sizing.nodeGroups.workspace.offHours });
        const [aurora] = resources(app, 'aws_rds_cluster');
        expect(first(aurora!.body.serverlessv2_scaling_configuration)).toEqual({ min_capacity: sizing.database.minAcu, max_capacity: sizing.database.maxAcu });
        expect(resources(app, 'aws_rds_cluster_instance')).toHaveLength(1 + config.database.readers);
        const [nlb] = resources(app, 'aws_lb');
        expect(nlb!.body).toMatchObject({ load_balancer_type: 'network', internal: false });
      }),
      RUNS,
    );
  }, 300_000);

  it('Feature: coder-deployment-guide, Property 5: Backup Frequency for RPO', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const { deployment, app } = synthOrSkip(raw);
        for (const cluster of resources(app, 'aws_rds_cluster')) {
          // Automated backups are continuous (point-in-time restore to within five minutes): RPO ≤ 15 minutes
          // holds whenever they are on. The retention is the configured one and at least seven days.
          expect(cluster.body.backup_retention_period).toBe(deployment.config.database.backupRetentionDays);
          expect(Number(cluster.body.backup_retention_period)).toBeGreaterThanOrEqual(7);
          expect(cluster.body.preferred_backup_window).toMatch(/^\d\d:\d\d-\d\d:\d\d$/);
          expect(cluster.body.copy_tags_to_snapshot).toBe(true);
        }
        expect(check('rds-backups').evaluate(app)).toEqual([]);
      }),
      RUNS,
    );
  }, 300_000);

  it('Feature: coder-deployment-guide, Property 8: HTTPS Enforcement', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const { app } = synthOrSkip(raw);
        const listeners = resources(app, 'aws_lb_listener');
        expect(listeners.length).toBeGreaterThan(0);
        for (const l of listeners) {
          expect(l.body.protocol).toBe('TLS');
          expect(l.body.ssl_policy).toBe(TLS_POLICY);
          expect(l.body.certificate_arn).toMatch(/aws_acm_certificate_validation/);
        }
        // No UDP or plain listener anywhere; the database and buckets refuse plain connections too.
        expect(listeners.filter((l) => l.body.protocol !== 'TLS')).toEqual([]);
        for (const id of ['tls-listener-policy', 'rds-tls-only', 's3-tls-only']) expect(check(id).evaluate(app)).toEqual([]);
        const cluster = resources(app, 'aws_eks_cluster')[0]!;
        expect(first(cluster.body.vpc_config)!.endpoint_private_access).toBe(true);
        expect(cluster.body.enabled_cluster_log_types).toEqual(CONTROL_PLANE_LOGS);
      }),
      RUNS,
    );
  }, 300_000);

  it('Feature: coder-deployment-guide, Property 12: DNS Configuration Completeness', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const { deployment, app } = synthOrSkip(raw);
        const { hostedZone, accessHost } = deployment.config.dns;
        const zones = dataSources(app, 'aws_route53_zone');
        expect(zones.map((z) => z.body.name)).toEqual([hostedZone]);
        const nlb = resources(app, 'aws_lb')[0]!;
        const records = resources(app, 'aws_route53_record').filter((r) => r.body.alias);
        for (const name of [accessHost, `*.${accessHost}`]) {
          const record = records.find((r) => r.body.name === name);
          expect(record, `an alias record for ${name}`).toBeDefined();
          expect(record!.body.type).toBe('A');
          expect(references(record!.body.zone_id, zones[0]!.address)).toBe(true);
          const alias = first(record!.body.alias)!;
          expect(references(alias.name, nlb.address)).toBe(true);
          expect(references(alias.zone_id, nlb.address)).toBe(true);
        }
        const [cert] = resources(app, 'aws_acm_certificate');
        expect(cert!.body.domain_name).toBe(accessHost);
        expect(cert!.body.subject_alternative_names).toEqual([`*.${accessHost}`]);
        expect(list(cert!.body.subject_alternative_names)).toHaveLength(1);
      }),
      RUNS,
    );
  }, 300_000);
});
