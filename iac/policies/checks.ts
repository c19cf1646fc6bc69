/**
 * The security policy suite: named checks over the synthesized Terraform of
 * every stack, each mapped to the AWS Foundational Security Best Practices
 * (FSBP) control or checkov check it stands for. A check returns findings;
 * an empty list is a pass.
 */
import { dataSources, first, list, references, resources, type Block, type Json, type SynthesizedApp } from './model.js';
import { widePublicBlock } from '../capacity/cidr.js';
import { WIDE_API_ACCESS_TAG } from '../platform.js';

export interface Finding {
  check: string;
  stack: string;
  address: string;
  message: string;
}

export interface PolicyCheck {
  id: string;
  title: string;
  /** FSBP control IDs and checkov IDs this check stands for. */
  controls: string[];
  evaluate(app: SynthesizedApp): Finding[];
}

const finding = (check: string, block: Block, message: string): Finding => ({ check, stack: block.stack, address: block.address, message });

/** Ports that must never be open to the internet. */
export const ADMIN_PORTS = [22, 3389, 5432, 3306, 6443, 10250, 2379];
export const SUPPORTED_EKS_VERSIONS = ['1.33', '1.34', '1.35'];
export const ALLOWED_TLS_POLICIES = ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06'];
const CONTROL_PLANE_LOGS = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

function each(type: string, id: string, app: SynthesizedApp, test: (b: Block) => string | undefined, kind: 'resource' | 'data' = 'resource'): Finding[] {
  const blocks = kind === 'resource' ? resources(app, type) : dataSources(app, type);
  return blocks.flatMap((b) => {
    const message = test(b);
    return message ? [finding(id, b, message)] : [];
  });
}

/** For every bucket, the blocks of `type` that point at it. */
function perBucket(app: SynthesizedApp, id: string, type: string, ok: (b: Block) => boolean, what: string): Finding[] {
  const attached = resources(app, type);
  return resources(app, 'aws_s3_bucket').flatMap((bucket) => {
    const mine = attached.filter((a) => a.stack === bucket.stack && references(a.body.bucket, bucket.address));
    return mine.some(ok) ? [] : [finding(id, bucket, what)];
  });
}

/** Data sources whose result is a secret value: Terraform keeps a data source's result in state. */
export const SECRET_DATA_SOURCES = ['aws_secretsmanager_secret_version', 'aws_secretsmanager_random_password', 'aws_ssm_parameter', 'aws_kms_secrets'];
/** Resource attributes that hold a secret the resource itself made (a generated key). */
export const SECRET_ATTRIBUTES: Record<string, string[]> = { coderd_provisioner_key: ['key'], random_password: ['result'], aws_secretsmanager_secret_version: ['secret_string'] };
/**
 * Where a secret may be an ordinary (stored) argument, because the provider
 * offers no write-only form: each is said on the security page.
 */
export const SECRET_HOLDERS: Record<string, string[]> = { coderd_license: ['license'] };

/** The expressions in a string that read a secret: ephemeral values, sensitive variables, secret attributes. */
function secretReads(value: string, sensitiveVars: Set<string>): string[] {
  const reads: string[] = [];
  for (const m of value.matchAll(/\$\{([^}]*)\}/g)) {
    const expr = m[1]!;
    if (/\bephemeral\./.test(expr)) reads.push(expr);
    for (const v of expr.matchAll(/\bvar\.([\w-]+)/g)) if (sensitiveVars.has(v[1]!)) reads.push(expr);
    for (const [type, attrs] of Object.entries(SECRET_ATTRIBUTES)) for (const a of attrs) if (new RegExp(`\\b${type}\\.[\\w-]+\\.${a}\\b`).test(expr)) reads.push(expr);
  }
  return [...new Set(reads)];
}

/** Every string under a value with its attribute path. */
function leaves(value: unknown, at: string[] = []): Array<{ path: string[]; value: string }> {
  if (typeof value === 'string') return [{ path: at, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...at, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (k === '//' ? [] : leaves(v, [...at, k])));
  return [];
}

/** Secrets stay out of Terraform state: no secret data source, and a secret flows only into a write-only argument (or a listed holder). */
function secretsOutOfState(app: SynthesizedApp): Finding[] {
  const id = 'secrets-not-in-state';
  const out: Finding[] = [];
  for (const [stack, json] of Object.entries(app.stacks)) {
    const sensitiveVars = new Set(Object.entries((json.variable ?? {}) as Record<string, Json>).filter(([, v]) => v.sensitive === true).map(([k]) => k));
    for (const [type, byName] of Object.entries((json.data ?? {}) as Record<string, Record<string, Json>>)) {
      if (SECRET_DATA_SOURCES.includes(type)) for (const name of Object.keys(byName)) out.push({ check: id, stack, address: `data.${type}.${name}`, message: 'a data source that reads a secret keeps it in state: read it with an ephemeral resource and pass it to a write-only argument' });
    }
    for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>)) {
      for (const [name, body] of Object.entries(byName)) {
        for (const leaf of leaves(body)) {
          const [attribute] = leaf.path;
          if (!attribute || attribute === 'depends_on' || attribute === 'lifecycle') continue;
          const reads = secretReads(leaf.value, sensitiveVars);
          if (!reads.length || attribute.endsWith('_wo') || SECRET_HOLDERS[type]?.includes(attribute)) continue;
          out.push({ check: id, stack, address: `${type}.${name}`, message: `${leaf.path.join('.')} stores ${reads.join(', ')} in state: pass it to a write-only argument (data_wo, *_wo)` });
        }
      }
    }
    for (const [name, body] of Object.entries((json.output ?? {}) as Record<string, Json>)) {
      const reads = leaves(body.value).flatMap((l) => secretReads(l.value, sensitiveVars));
      if (reads.length) out.push({ check: id, stack, address: `output.${name}`, message: `an output keeps ${reads.join(', ')} in state (and hands it to every reader of it)` });
    }
  }
  return out;
}

export const CHECKS: PolicyCheck[] = [
  {
    id: 'eks-endpoint-not-public',
    title: 'EKS API endpoint is private, or public only to listed ranges',
    controls: ['EKS.1', 'CKV_AWS_39', 'CKV_AWS_38'],
    evaluate: (app) =>
      each('aws_eks_cluster', 'eks-endpoint-not-public', app, (b) => {
        const vpc = first(b.body.vpc_config) ?? {};
        if (vpc.endpoint_private_access !== true) return 'private endpoint access is off';
        if (vpc.endpoint_public_access === true) {
          const cidrs = (vpc.public_access_cidrs as string[] | undefined) ?? [];
          if (cidrs.length === 0) return 'public endpoint open to the internet (no public_access_cidrs: AWS allows 0.0.0.0/0)';
          // The ranges parsed, not matched as text: 0.0.0.0/1 + 128.0.0.0/1 is the internet too.
          let wide: string | undefined;
          try {
            wide = widePublicBlock(cidrs);
          } catch {
            return `public_access_cidrs holds a range that is not an IPv4 CIDR: ${cidrs.join(', ')}`;
          }
          const accepted = (b.body.tags as Record<string, string> | undefined)?.[WIDE_API_ACCESS_TAG] === 'wide-accepted';
          if (wide && !accepted) return `public endpoint ranges cover ${wide} (public address space); list narrower ranges or accept it with cluster.allowWidePublicAccess`;
        }
        return undefined;
      }),
  },
  {
    id: 'eks-supported-version',
    title: 'EKS runs a Kubernetes version in standard support',
    controls: ['EKS.2'],
    evaluate: (app) => each('aws_eks_cluster', 'eks-supported-version', app, (b) => (SUPPORTED_EKS_VERSIONS.includes(String(b.body.version)) ? undefined : `version ${b.body.version} is not in standard support`)),
  },
  {
    id: 'eks-secrets-encrypted',
    title: 'Kubernetes secrets are envelope-encrypted with KMS',
    controls: ['EKS.3', 'CKV_AWS_58'],
    evaluate: (app) =>
      each('aws_eks_cluster', 'eks-secrets-encrypted', app, (b) => {
        const enc = first(b.body.encryption_config);
        return enc && (enc.resources as string[] | undefined)?.includes('secrets') && first(enc.provider)?.key_arn ? undefined : 'no KMS encryption of secrets';
      }),
  },
  {
    id: 'eks-control-plane-logs',
    title: 'All five EKS control-plane log types are enabled',
    controls: ['EKS.8', 'CKV_AWS_37'],
    evaluate: (app) =>
      each('aws_eks_cluster', 'eks-control-plane-logs', app, (b) => {
        const enabled = (b.body.enabled_cluster_log_types as string[] | undefined) ?? [];
        const missing = CONTROL_PLANE_LOGS.filter((t) => !enabled.includes(t));
        return missing.length ? `log types off: ${missing.join(', ')}` : undefined;
      }),
  },
  {
    id: 'imdsv2-required',
    title: 'Launch templates require IMDSv2 with a hop limit of 1',
    controls: ['EC2.170', 'CKV_AWS_341', 'CKV_AWS_79'],
    evaluate: (app) =>
      each('aws_launch_template', 'imdsv2-required', app, (b) => {
        const md = first(b.body.metadata_options) ?? {};
        if (md.http_tokens !== 'required') return 'IMDSv1 allowed (http_tokens is not "required")';
        if (Number(md.http_put_response_hop_limit ?? 1) > 1) return `hop limit ${md.http_put_response_hop_limit} lets pods reach the node's credentials`;
        return undefined;
      }),
  },
  {
    id: 'ebs-encrypted',
    title: 'Launch template volumes are encrypted',
    controls: ['EC2.7', 'CKV_AWS_8'],
    evaluate: (app) =>
      each('aws_launch_template', 'ebs-encrypted', app, (b) => {
        const devices = list(b.body.block_device_mappings);
        if (devices.length === 0) return 'no block device mapping: the root volume encryption is left to the account default';
        return devices.every((d) => String(first(d.ebs)?.encrypted) === 'true') ? undefined : 'a volume is not encrypted';
      }),
  },
  {
    id: 'default-sg-closed',
    title: 'The default security group has no rules',
    controls: ['EC2.2', 'CKV2_AWS_12'],
    evaluate: (app) => {
      const vpcs = resources(app, 'aws_vpc');
      const defaults = resources(app, 'aws_default_security_group');
      return vpcs.flatMap((vpc) => {
        const sg = defaults.find((d) => d.stack === vpc.stack && references(d.body.vpc_id, vpc.address));
        if (!sg) return [finding('default-sg-closed', vpc, 'the default security group is not managed (its allow-all rules stay)')];
        return list(sg.body.ingress).length || list(sg.body.egress).length ? [finding('default-sg-closed', sg, 'the default security group has rules')] : [];
      });
    },
  },
  {
    id: 'no-admin-ports-from-internet',
    title: 'No security group rule opens an administrative port to 0.0.0.0/0',
    controls: ['EC2.13', 'EC2.14', 'EC2.19', 'EC2.53', 'CKV_AWS_24', 'CKV_AWS_25'],
    evaluate: (app) => {
      const open = (rule: Json) => {
        const cidr = rule.cidr_ipv4 ?? (rule.cidr_blocks as string[] | undefined)?.find((c) => c === '0.0.0.0/0');
        if (cidr !== '0.0.0.0/0') return undefined;
        if (rule.ip_protocol === '-1' || rule.protocol === '-1') return 'all ports open to 0.0.0.0/0';
        const from = Number(rule.from_port);
        const to = Number(rule.to_port);
        const port = ADMIN_PORTS.find((p) => p >= from && p <= to);
        return port !== undefined ? `port ${port} open to 0.0.0.0/0` : undefined;
      };
      return [
        ...each('aws_vpc_security_group_ingress_rule', 'no-admin-ports-from-internet', app, (b) => open(b.body)),
        ...each('aws_security_group', 'no-admin-ports-from-internet', app, (b) => list(b.body.ingress).map(open).find(Boolean)),
      ];
    },
  },
  {
    id: 'vpc-flow-logs',
    title: 'Every VPC has flow logs',
    controls: ['EC2.6', 'CKV2_AWS_11'],
    evaluate: (app) => {
      const logs = resources(app, 'aws_flow_log');
      return resources(app, 'aws_vpc').flatMap((vpc) => (logs.some((l) => l.stack === vpc.stack && references(l.body.vpc_id, vpc.address)) ? [] : [finding('vpc-flow-logs', vpc, 'no flow log')]));
    },
  },
  {
    id: 'rds-encrypted',
    title: 'Aurora storage is encrypted with a customer-managed key',
    controls: ['RDS.27', 'CKV_AWS_96', 'CKV_AWS_327'],
    evaluate: (app) => each('aws_rds_cluster', 'rds-encrypted', app, (b) => (b.body.storage_encrypted === true && b.body.kms_key_id ? undefined : 'storage not encrypted with a KMS key')),
  },
  {
    id: 'rds-deletion-protection',
    title: 'Aurora has deletion protection',
    controls: ['RDS.7', 'CKV_AWS_139'],
    evaluate: (app) => each('aws_rds_cluster', 'rds-deletion-protection', app, (b) => (b.body.deletion_protection === true ? undefined : 'deletion protection is off')),
  },
  {
    id: 'rds-iam-auth',
    title: 'Aurora accepts IAM database authentication',
    controls: ['RDS.12', 'CKV_AWS_162'],
    evaluate: (app) => each('aws_rds_cluster', 'rds-iam-auth', app, (b) => (b.body.iam_database_authentication_enabled === true ? undefined : 'IAM authentication is off')),
  },
  {
    id: 'rds-logs-exported',
    title: 'Aurora exports PostgreSQL logs to CloudWatch',
    controls: ['RDS.34', 'CKV_AWS_324'],
    evaluate: (app) => each('aws_rds_cluster', 'rds-logs-exported', app, (b) => ((b.body.enabled_cloudwatch_logs_exports as string[] | undefined)?.includes('postgresql') ? undefined : 'postgresql log not exported')),
  },
  {
    id: 'rds-minor-upgrades',
    title: 'Aurora applies minor version upgrades automatically',
    controls: ['RDS.35', 'RDS.13', 'CKV_AWS_226'],
    evaluate: (app) => [
      ...each('aws_rds_cluster', 'rds-minor-upgrades', app, (b) => (b.body.auto_minor_version_upgrade === true ? undefined : 'automatic minor upgrades off')),
      ...each('aws_rds_cluster_instance', 'rds-minor-upgrades', app, (b) => (b.body.auto_minor_version_upgrade === true ? undefined : 'automatic minor upgrades off')),
    ],
  },
  {
    id: 'rds-backups',
    title: 'Aurora keeps at least 7 days of automated backups (point-in-time recovery)',
    controls: ['RDS.11', 'RDS.26', 'CKV_AWS_133'],
    evaluate: (app) => each('aws_rds_cluster', 'rds-backups', app, (b) => (Number(b.body.backup_retention_period ?? 1) >= 7 ? undefined : `backup retention ${b.body.backup_retention_period ?? 1} day(s)`)),
  },
  {
    id: 'rds-tls-only',
    title: 'Aurora refuses connections without TLS',
    controls: ['CKV2_AWS_69'],
    evaluate: (app) =>
      each('aws_rds_cluster_parameter_group', 'rds-tls-only', app, (b) => (list(b.body.parameter).some((p) => p.name === 'rds.force_ssl' && String(p.value) === '1') ? undefined : 'rds.force_ssl is not 1')),
  },
  {
    id: 'tls-listener-policy',
    title: 'Load balancer listeners use TLS with a TLS 1.2+ policy',
    controls: ['ELB.17', 'ELB.18', 'CKV_AWS_103', 'CKV2_AWS_74'],
    evaluate: (app) =>
      each('aws_lb_listener', 'tls-listener-policy', app, (b) => {
        if (!['TLS', 'HTTPS'].includes(String(b.body.protocol))) return `protocol ${b.body.protocol} does not encrypt in transit`;
        return ALLOWED_TLS_POLICIES.includes(String(b.body.ssl_policy)) ? undefined : `TLS policy ${b.body.ssl_policy} allows TLS below 1.2 or weak ciphers`;
      }),
  },
  {
    id: 'lb-access-logs',
    title: 'Load balancers write access logs',
    controls: ['ELB.5', 'CKV_AWS_91'],
    evaluate: (app) => each('aws_lb', 'lb-access-logs', app, (b) => (first(b.body.access_logs)?.enabled === true ? undefined : 'access logs off')),
  },
  {
    id: 's3-public-access-blocked',
    title: 'Every bucket blocks all public access',
    controls: ['S3.1', 'S3.8', 'CKV2_AWS_6'],
    evaluate: (app) =>
      perBucket(app, 's3-public-access-blocked', 'aws_s3_bucket_public_access_block', (b) => ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every((k) => b.body[k] === true), 'public access is not fully blocked'),
  },
  {
    id: 's3-tls-only',
    title: 'Every bucket policy denies requests without TLS',
    controls: ['S3.5', 'CKV_AWS_379'],
    evaluate: (app) => {
      const docs = dataSources(app, 'aws_iam_policy_document');
      return perBucket(app, 's3-tls-only', 'aws_s3_bucket_policy', (policy) =>
        docs.some(
          (doc) =>
            doc.stack === policy.stack &&
            references(policy.body.policy, doc.address) &&
            list(doc.body.statement).some((s) => s.effect === 'Deny' && list(s.condition).some((c) => c.variable === 'aws:SecureTransport' && (c.values as string[]).includes('false'))),
        ), 'no bucket policy denies aws:SecureTransport=false');
    },
  },
  {
    id: 's3-encrypted',
    title: 'Every bucket has default encryption',
    controls: ['S3.4', 'S3.17', 'CKV_AWS_145'],
    evaluate: (app) => perBucket(app, 's3-encrypted', 'aws_s3_bucket_server_side_encryption_configuration', (b) => Boolean(first(first(b.body.rule)?.apply_server_side_encryption_by_default)?.sse_algorithm), 'no default encryption'),
  },
  {
    id: 's3-versioned',
    title: 'Every bucket is versioned',
    controls: ['S3.14', 'CKV_AWS_21'],
    evaluate: (app) => perBucket(app, 's3-versioned', 'aws_s3_bucket_versioning', (b) => first(b.body.versioning_configuration)?.status === 'Enabled', 'versioning is not enabled'),
  },
  {
    id: 'kms-rotation',
    title: 'Every customer-managed KMS key rotates',
    controls: ['KMS.4', 'CKV_AWS_7'],
    evaluate: (app) => each('aws_kms_key', 'kms-rotation', app, (b) => (b.body.enable_key_rotation === true ? undefined : 'key rotation off')),
  },
  {
    id: 'log-groups-encrypted',
    title: 'CloudWatch log groups are KMS-encrypted and expire',
    controls: ['CKV_AWS_158', 'CKV_AWS_338'],
    evaluate: (app) => each('aws_cloudwatch_log_group', 'log-groups-encrypted', app, (b) => (!b.body.kms_key_id ? 'not KMS-encrypted' : !b.body.retention_in_days ? 'kept forever' : undefined)),
  },
  {
    id: 'sns-encrypted',
    title: 'SNS topics are KMS-encrypted',
    controls: ['SNS.1', 'CKV_AWS_26'],
    evaluate: (app) => each('aws_sns_topic', 'sns-encrypted', app, (b) => (b.body.kms_master_key_id ? undefined : 'topic not encrypted')),
  },
  {
    id: 'secrets-not-in-state',
    title: 'No secret value in Terraform state: ephemeral reads into write-only arguments, no secret data sources or outputs',
    // No FSBP control or checkov check covers what Terraform keeps in state: the guide's own.
    controls: ['guide'],
    evaluate: secretsOutOfState,
  },
];

export function evaluateAll(app: SynthesizedApp, checks: PolicyCheck[] = CHECKS): Finding[] {
  return checks.flatMap((c) => c.evaluate(app));
}
