import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, evaluateAll } from '../../iac/policies/checks.js';
import { deepClone, dataSources, first, list, resources, type Json, type SynthesizedApp } from '../../iac/policies/model.js';
import { loadDeployment } from '../../iac/deployment.js';
import { synthesizeToMemory } from '../helpers/synth.js';

let production: SynthesizedApp;
let evaluation: SynthesizedApp;
beforeAll(() => {
  production = synthesizeToMemory(loadDeployment('production'));
  evaluation = synthesizeToMemory(loadDeployment('evaluation'));
});

/** The first block of a type, for mutation. */
function one(app: SynthesizedApp, type: string, kind: 'resource' | 'data' = 'resource'): Json {
  const block = (kind === 'resource' ? resources(app, type) : dataSources(app, type))[0];
  if (!block) throw new Error(`no ${type} in the synthesized app`);
  return block.body;
}

/** For every check, a change to the production output that must make it fail. */
const VIOLATIONS: Record<string, (app: SynthesizedApp) => void> = {
  'eks-endpoint-not-public': (app) => Object.assign(first(one(app, 'aws_eks_cluster').vpc_config)!, { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] }),
  'eks-supported-version': (app) => void (one(app, 'aws_eks_cluster').version = '1.29'),
  'eks-secrets-encrypted': (app) => void delete one(app, 'aws_eks_cluster').encryption_config,
  'eks-control-plane-logs': (app) => void (one(app, 'aws_eks_cluster').enabled_cluster_log_types = ['api']),
  'imdsv2-required': (app) => void (first(one(app, 'aws_launch_template').metadata_options)!.http_tokens = 'optional'),
  'ebs-encrypted': (app) => void (first(list(one(app, 'aws_launch_template').block_device_mappings)[0]!.ebs)!.encrypted = 'false'),
  'default-sg-closed': (app) => void (one(app, 'aws_default_security_group').ingress = [{ from_port: 0, to_port: 0, protocol: '-1', self: true }]),
  'no-admin-ports-from-internet': (app) => {
    const rule = resources(app, 'aws_vpc_security_group_ingress_rule').find((r) => r.body.cidr_ipv4 === '0.0.0.0/0')!.body;
    Object.assign(rule, { from_port: 22, to_port: 22 });
  },
  'vpc-flow-logs': (app) => void delete (app.stacks.network!.resource as Json).aws_flow_log,
  'rds-encrypted': (app) => void (one(app, 'aws_rds_cluster').storage_encrypted = false),
  'rds-deletion-protection': (app) => void (one(app, 'aws_rds_cluster').deletion_protection = false),
  'rds-iam-auth': (app) => void (one(app, 'aws_rds_cluster').iam_database_authentication_enabled = false),
  'rds-logs-exported': (app) => void (one(app, 'aws_rds_cluster').enabled_cloudwatch_logs_exports = []),
  'rds-minor-upgrades': (app) => void (one(app, 'aws_rds_cluster_instance').auto_minor_version_upgrade = false),
  'rds-backups': (app) => void (one(app, 'aws_rds_cluster').backup_retention_period = 1),
  'rds-tls-only': (app) => void list(one(app, 'aws_rds_cluster_parameter_group').parameter).forEach((p) => p.name === 'rds.force_ssl' && (p.value = '0')),
  'tls-listener-policy': (app) => void (one(app, 'aws_lb_listener').ssl_policy = 'ELBSecurityPolicy-2016-08'),
  'lb-access-logs': (app) => void (first(one(app, 'aws_lb').access_logs)!.enabled = false),
  's3-public-access-blocked': (app) => void (one(app, 'aws_s3_bucket_public_access_block').block_public_policy = false),
  's3-tls-only': (app) => {
    for (const doc of dataSources(app, 'aws_iam_policy_document').filter((d) => d.stack === 'state')) {
      doc.body.statement = list(doc.body.statement).filter((s) => s.sid !== 'DenyInsecureTransport');
    }
  },
  's3-encrypted': (app) => void delete (app.stacks.state!.resource as Json).aws_s3_bucket_server_side_encryption_configuration,
  's3-versioned': (app) => void (first(one(app, 'aws_s3_bucket_versioning').versioning_configuration)!.status = 'Suspended'),
  'kms-rotation': (app) => void (one(app, 'aws_kms_key').enable_key_rotation = false),
  'log-groups-encrypted': (app) => void delete one(app, 'aws_cloudwatch_log_group').kms_key_id,
  'sns-encrypted': (app) => void delete one(app, 'aws_sns_topic').kms_master_key_id,
  // The OIDC client secret as ordinary data (kept in state), and a data source that reads a secret.
  'secrets-not-in-state': (app) => {
    const oidc = resources(app, 'kubernetes_secret_v1').find((r) => r.name === 'coder-oidc')!.body;
    oidc.data = oidc.data_wo;
    delete oidc.data_wo;
    ((app.stacks.coder!.data ??= {}) as Json).aws_secretsmanager_secret_version = { licence: { secret_id: 'coder-prod/coder/license' } };
  },
};

describe('secrets out of state', () => {
  it('names each way a secret reaches state: a secret data source, a stored argument, an output', () => {
    const check = CHECKS.find((c) => c.id === 'secrets-not-in-state')!;
    const broken = deepClone(production);
    VIOLATIONS['secrets-not-in-state']!(broken);
    ((broken.stacks.coder!.output ??= {}) as Json).key = { value: '${coderd_provisioner_key.provisioner-key.key}', sensitive: true };
    ((broken.stacks.coder!.resource as Json).coderd_organization as Record<string, Json>).organization!.description = '${var.coder_license}';
    expect(check.evaluate(broken).map((f) => `${f.stack} ${f.address}: ${f.message.split(':')[0]}`).sort()).toEqual(
      [
        'coder data.aws_secretsmanager_secret_version.licence: a data source that reads a secret keeps it in state',
        'coder output.key: an output keeps coderd_provisioner_key.provisioner-key.key in state (and hands it to every reader of it)',
        'coder coderd_organization.organization: description stores var.coder_license in state',
        'platform kubernetes_secret_v1.coder-oidc: data.client-secret stores ephemeral.aws_secretsmanager_secret_version.oidc.secret_string in state',
      ].sort(),
    );
  });

  it('holds what each profile keeps: secrets only in write-only arguments, and the licence where coderd_license must keep it', () => {
    for (const app of [production, evaluation]) {
      const wo = resources(app, 'kubernetes_secret_v1').filter((r) => r.body.data_wo).map((r) => `${r.stack}/${r.name}`);
      expect(wo.sort()).toEqual(['coder/provisioner-key-secret', 'platform/coder-external-auth', 'platform/coder-oidc', 'platform/observability-db-secret'].sort());
      expect(resources(app, 'coderd_license').map((r) => r.body.license)).toEqual(['${var.coder_license}']);
      expect(Object.values(app.stacks).flatMap((s) => Object.keys((s.data ?? {}) as Json))).not.toContain('aws_secretsmanager_secret_version');
    }
  });
});

describe('security policy suite', () => {
  it('the production profile passes every check', () => {
    expect(evaluateAll(production)).toEqual([]);
  });

  it('the evaluation profile fails only the production-only protection, by design', () => {
    expect([...new Set(evaluateAll(evaluation).map((f) => f.check))]).toEqual(['rds-deletion-protection']);
  });

  it('every check has a violating variant in this suite', () => {
    expect(Object.keys(VIOLATIONS).sort()).toEqual(CHECKS.map((c) => c.id).sort());
  });

  it.each(CHECKS.map((c) => [c.id, c] as const))('%s catches its violating variant', (id, check) => {
    const broken = deepClone(production);
    VIOLATIONS[id]!(broken);
    const findings = check.evaluate(broken);
    expect(findings.length, `${id} should report the mutation`).toBeGreaterThan(0);
    expect(findings.every((f) => f.check === id && f.message.length > 0)).toBe(true);
    // and nothing else broke: the other checks still pass
    expect(CHECKS.filter((c) => c.id !== id).flatMap((c) => c.evaluate(broken)).filter((f) => f.check !== id)).toEqual([]);
  });
});
