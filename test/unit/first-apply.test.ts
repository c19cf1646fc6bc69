/**
 * What a first apply needs of the synthesized Terraform beyond valid syntax:
 * the depends_on edges that keep resources from racing, the state encrypted
 * with the state bucket's key, the NLB listener AWS accepts, and versions that
 * follow the cluster rather than being frozen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import { loadDeployment } from '../../iac/deployment.js';
import { CHARTS, CLUSTER_AUTOSCALER_IMAGE_TAGS } from '../../iac/helm/charts.js';
import { clusterAutoscalerValues } from '../../iac/helm/addon-values.js';
import { dataSources, resources, type Block, type Json, type SynthesizedApp } from '../../iac/policies/model.js';
import { CODER_WEBSOCKET_PING_SECONDS, DERP_KEEPALIVE_SECONDS, NLB_TLS_IDLE_TIMEOUT_SECONDS } from '../../iac/stacks/edge-stack.js';
import { stateKeyAlias } from '../../iac/stacks/guide-stack.js';
import { SUPPORTED_EKS_VERSIONS } from '../../iac/policies/checks.js';
import { postgresUrl, RDS_CA_BUNDLE, RDS_CA_FILE, rdsCaVolume } from '../../iac/platform.js';
import { CODER_DATABASE, CODER_DB_USER } from '../../iac/stacks/names.js';
import { resolveOrSkip, validConfig } from '../helpers/arbitraries.js';
import { repoRoot } from '../helpers/repo.js';
import { synthesizeToMemory } from '../helpers/synth.js';

const deployment = loadDeployment('production');
const app: SynthesizedApp = synthesizeToMemory(deployment);
const dependsOn = (block: Block) => (block.body.depends_on ?? []) as string[];
const byType = (type: string, stack?: string) => resources(app, type).filter((r) => !stack || r.stack === stack);

describe('depends_on edges a first apply needs', () => {
  it('EKS waits for its role\'s policy attachment; node groups for theirs and the networking add-ons', () => {
    const cluster = byType('aws_eks_cluster')[0]!;
    const clusterPolicy = byType('aws_iam_role_policy_attachment', 'cluster').find((a) => String(a.body.policy_arn).endsWith('AmazonEKSClusterPolicy'))!;
    expect(dependsOn(cluster)).toContain(clusterPolicy.address);
    const nodePolicies = byType('aws_iam_role_policy_attachment', 'cluster').filter((a) => String(a.body.role).includes('node-role'));
    expect(nodePolicies).toHaveLength(3);
    const networking = byType('aws_eks_addon').filter((a) => ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'].includes(String(a.body.addon_name)));
    expect(networking).toHaveLength(3);
    const groups = byType('aws_eks_node_group');
    expect(groups).toHaveLength(3);
    for (const group of groups) {
      for (const needed of [...nodePolicies, ...networking]) expect(dependsOn(group), `${group.name} after ${needed.address}`).toContain(needed.address);
    }
  });

  it('add-ons that run pods on the tainted nodes wait for the coder-control node group', () => {
    const control = byType('aws_eks_node_group').find((g) => g.body.node_group_name === 'coder-control')!;
    const after = byType('aws_eks_addon').filter((a) => ['coredns', 'aws-ebs-csi-driver', 'metrics-server'].includes(String(a.body.addon_name)));
    expect(after).toHaveLength(3);
    for (const addon of after) expect(dependsOn(addon)).toContain(control.address);
  });

  it('every namespaced Kubernetes object of the platform stack waits for its namespace', () => {
    const manifests = byType('kubernetes_manifest', 'platform');
    const namespaces = new Map(manifests.filter((m) => (m.body.manifest as Json).kind === 'Namespace').map((m) => [((m.body.manifest as Json).metadata as Json).name as string, m.address]));
    const namespaced = [...manifests, ...byType('kubernetes_secret_v1', 'platform')].filter((m) => {
      const meta = ((m.body.manifest as Json | undefined)?.metadata ?? m.body.metadata) as Json;
      return meta.namespace !== undefined;
    });
    expect(namespaced.length).toBeGreaterThan(5);
    for (const m of namespaced) {
      const meta = ((m.body.manifest as Json | undefined)?.metadata ?? m.body.metadata) as Json;
      const ns = namespaces.get(meta.namespace as string);
      expect(ns, `${m.address}: namespace ${meta.namespace} is created by the platform stack`).toBeDefined();
      expect(dependsOn(m), m.address).toContain(ns);
    }
  });

  it('the NLB turns on access logs after the bucket policy that lets log delivery write', () => {
    const nlb = byType('aws_lb', 'edge')[0]!;
    const policy = byType('aws_s3_bucket_policy', 'edge')[0]!;
    expect(dependsOn(nlb)).toContain(policy.address);
  });

  it('Helm waits, with a timeout per chart (the provisioners\' fits their peak count)', () => {
    const releases = byType('helm_release');
    for (const chart of Object.values(CHARTS)) {
      const release = releases.find((r) => r.body.name === chart.release)!;
      expect(release.body).toMatchObject({ wait: true, timeout: chart.timeoutMinutes * 60 });
    }
    expect(CHARTS.provisioner.timeoutMinutes).toBeGreaterThanOrEqual(30);
    // The scripts pass the same timeouts (generated/guide.env).
    const env = fs.readFileSync(path.join(repoRoot, 'generated', 'guide.env'), 'utf8');
    expect(env).toContain(`CODER_PROVISIONER_CHART_TIMEOUT=${CHARTS.provisioner.timeoutMinutes}m`);
  });
});

describe('state encrypted with the state bucket\'s key', () => {
  it('every backend and every remote-state read names the key by its alias, which the state stack creates', () => {
    const alias = stateKeyAlias(deployment.config.stateBackend.bucket);
    expect(byType('aws_kms_alias', 'state').map((a) => a.body.name)).toEqual([alias]);
    for (const [stack, json] of Object.entries(app.stacks)) {
      const backend = ((json.terraform as Json).backend as Json).s3 as Json;
      expect(backend, stack).toMatchObject({ encrypt: true, kms_key_id: alias });
    }
    const remote = dataSources(app, 'terraform_remote_state');
    expect(remote.length).toBeGreaterThan(5);
    for (const r of remote) expect((r.body.config as Json).kms_key_id, r.address).toBe(alias);
  });

  it('a bucket name with dots still makes a valid KMS alias (letters, digits, / _ - only)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/), (bucket) => {
        expect(stateKeyAlias(bucket)).toMatch(/^alias\/[A-Za-z0-9/_-]+$/);
      }),
      { numRuns: 200 },
    );
    expect(stateKeyAlias('acme.coder.tfstate')).toBe('alias/acme-coder-tfstate');
  });
});

describe('the NLB\'s TLS listener', () => {
  it('sets no idle timeout: AWS fixes a TLS listener\'s at 350 s, and Coder\'s keepalives are inside it', () => {
    const listener = byType('aws_lb_listener', 'edge')[0]!;
    expect(listener.body.protocol).toBe('TLS');
    expect(listener.body).not.toHaveProperty('tcp_idle_timeout_seconds');
    expect(CODER_WEBSOCKET_PING_SECONDS).toBeLessThan(NLB_TLS_IDLE_TIMEOUT_SECONDS);
    expect(DERP_KEEPALIVE_SECONDS).toBeLessThan(NLB_TLS_IDLE_TIMEOUT_SECONDS);
    const page = fs.readFileSync(path.join(repoRoot, 'docs', 'deploy', 'edge.mdx'), 'utf8').replace(/\s+/g, ' ');
    for (const n of [NLB_TLS_IDLE_TIMEOUT_SECONDS, CODER_WEBSOCKET_PING_SECONDS, DERP_KEEPALIVE_SECONDS]) expect(page).toContain(`${n} seconds`);
  });
});

describe('versions that follow the cluster', () => {
  it('each EKS add-on takes the newest version for the cluster\'s Kubernetes version, looked up at plan time', () => {
    const versions = dataSources(app, 'aws_eks_addon_version');
    for (const addon of byType('aws_eks_addon')) {
      const lookup = versions.find((v) => v.body.addon_name === addon.body.addon_name)!;
      expect(lookup.body).toMatchObject({ most_recent: true });
      expect(String(lookup.body.kubernetes_version)).toContain('aws_eks_cluster.');
      expect(addon.body.addon_version).toBe(`\${${lookup.address}.version}`);
    }
  });

  it('Aurora\'s engine version is checked against what the region offers, at plan time', () => {
    const engine = dataSources(app, 'aws_rds_engine_version')[0]!;
    expect(engine.body).toMatchObject({ engine: 'aurora-postgresql', version: deployment.config.database.engineVersion });
    expect(byType('aws_rds_cluster')[0]!.body.engine_version).toBe(`\${${engine.address}.version_actual}`);
  });

  it('the cluster autoscaler runs the cluster\'s minor version, on every version the config accepts', () => {
    expect(Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).sort()).toEqual([...SUPPORTED_EKS_VERSIONS].sort());
    for (const [minor, tag] of Object.entries(CLUSTER_AUTOSCALER_IMAGE_TAGS)) expect(tag).toMatch(new RegExp(`^v${minor.replace('.', '\\.')}\\.\\d+$`));
    // The pinned chart's own autoscaler is the newest minor the guide supports.
    expect(CHARTS.clusterAutoscaler.appVersion.split('.').slice(0, 2).join('.')).toBe([...SUPPORTED_EKS_VERSIONS].sort().at(-1));
    fc.assert(
      fc.property(validConfig, fc.constantFrom(...SUPPORTED_EKS_VERSIONS), (raw, version) => {
        const d = resolveOrSkip({ ...raw, cluster: { ...raw.cluster, version } as never });
        expect(clusterAutoscalerValues(d).image.tag.startsWith(`v${d.config.cluster.version}.`)).toBe(true);
      }),
      { numRuns: 100 },
    );
    const file = YAML.parse(fs.readFileSync(path.join(repoRoot, 'generated', 'helm', 'cluster-autoscaler-values.yaml'), 'utf8'));
    expect(file.image.tag).toBe(CLUSTER_AUTOSCALER_IMAGE_TAGS[deployment.config.cluster.version]);
  });
});

describe('database alarms', () => {
  it('watch the writer (Role=WRITER), not the cluster average', () => {
    const alarms = byType('aws_cloudwatch_metric_alarm', 'observability').filter((a) => a.body.namespace === 'AWS/RDS');
    expect(alarms.length).toBeGreaterThanOrEqual(4);
    for (const alarm of alarms) expect(alarm.body.dimensions, String(alarm.body.alarm_name)).toMatchObject({ Role: 'WRITER' });
  });
});

describe('database connections verify Aurora', () => {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

  it('every sslmode in the IaC, the scripts and the generated files is verify-full, with the RDS CA file', () => {
    const files = ['iac', 'snippets', 'generated'].flatMap(walk).filter((f) => /\.(ts|sh|sql|yaml|env|json)$/.test(f));
    let seen = 0;
    for (const file of files) {
      const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      for (const m of text.matchAll(/sslmode["']?\s*[=:]\s*["']?([a-z-]+)/g)) {
        seen += 1;
        expect(m[1], `${file}: sslmode=${m[1]}`).toBe('verify-full');
      }
    }
    // coderd's URL (IaC and script), the exporter, the observability chart, psql, the restore runbook.
    expect(seen).toBeGreaterThanOrEqual(6);
    const env = fs.readFileSync(path.join(repoRoot, 'generated', 'guide.env'), 'utf8');
    expect(env).toContain(`RDS_CA_FILE=${RDS_CA_FILE}`);
    expect(postgresUrl('coder', 'db.example', 'coder')).toBe(`postgres://coder@db.example:5432/coder?sslmode=verify-full&sslrootcert=${RDS_CA_FILE}`);
  });

  it('the script builds coderd\'s URL exactly as the IaC does', () => {
    const script = fs.readFileSync(path.join(repoRoot, 'snippets', 'install-coder.sh'), 'utf8');
    const built = /--from-literal=url="([^"]+)"/.exec(script.slice(script.indexOf('# #region coder-secrets')))![1]!;
    const resolved = built.replace('${db_host}', 'db.example').replace('${RDS_CA_FILE}', RDS_CA_FILE);
    expect(resolved).toBe(postgresUrl(CODER_DB_USER, 'db.example', CODER_DATABASE));
  });

  it('coderd mounts the CA bundle where the URL points', () => {
    const values = YAML.parse(fs.readFileSync(path.join(repoRoot, 'generated', 'helm', 'coder-values.yaml'), 'utf8'));
    expect(values.coder.volumes).toEqual([rdsCaVolume().volume]);
    expect(values.coder.volumeMounts).toEqual([rdsCaVolume().mount]);
    expect(RDS_CA_FILE.startsWith(`${RDS_CA_BUNDLE.mountPath}/`)).toBe(true);
  });
});
