/** The generated Kubernetes manifests: schema-valid, and isolating workspaces (Property 3's namespace side). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { loadDeployment } from '../../iac/deployment.js';
import { provisionerScaler, workspaceNetworkPolicies } from '../../iac/k8s/manifests.js';
import { peakSchedules } from '../../iac/capacity/schedule.js';
import { repoRoot } from '../helpers/repo.js';

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Namespace: Namespace as never,
  NetworkPolicy: NetworkPolicy as never,
  StorageClass: StorageClass as never,
  Role: Role as never,
  RoleBinding: RoleBinding as never,
  ServiceAccount: ServiceAccount as never,
  CronJob: CronJob as never,
  Deployment: Deployment as never,
  PodDisruptionBudget: PodDisruptionBudget as never,
};

const dir = path.join(repoRoot, 'generated', 'k8s');
const manifests = fs
  .readdirSync(dir)
  .flatMap((file) => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((doc) => ({ file, object: doc.toJS() as { kind: string; apiVersion: string; metadata: { name: string } } })));

describe('generated Kubernetes manifests', () => {
  it.each(manifests.filter((m) => MODELS[m.object.kind]).map((m) => [`${m.file}: ${m.object.kind}/${m.object.metadata.name}`, m.object] as const))('%s validates against the Kubernetes schema', (_name, object) => {
    const Model = MODELS[object.kind]!;
    expect(() => new Model(object as never).validate()).not.toThrow();
  });

  it('a schema error is caught', () => {
    const bad = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, policyTypes: ['Sideways'] } };
    expect(() => new NetworkPolicy(bad as never).validate()).toThrow();
  });

  it('every object has a model here, except the load balancer controller\'s TargetGroupBinding CRD', () => {
    expect(manifests.filter((m) => !MODELS[m.object.kind]).map((m) => m.object.kind)).toEqual(['TargetGroupBinding']);
  });

  it('scales the provisioners with the node group\'s schedule, touching only their Deployment', () => {
    const deployment = loadDeployment('production');
    const scaler = provisionerScaler(deployment, 'kubectl:test') as unknown as Array<{ kind: string; spec?: { schedule: string; timeZone: string; jobTemplate: { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } } }; rules?: Array<{ resourceNames: string[] }> }>;
    const cron = scaler.filter((m) => m.kind === 'CronJob');
    const groups = peakSchedules(deployment.config.peakWindow, deployment.sizing.nodeGroups.provisioner);
    expect(cron.map((c) => [c.spec!.schedule, c.spec!.timeZone])).toEqual(groups.map((g) => [g.recurrence, g.timeZone]));
    expect(cron.map((c) => c.spec!.jobTemplate.spec.template.spec.containers[0]!.args.at(-1))).toEqual([`--replicas=${deployment.sizing.provisioners.peak}`, `--replicas=${deployment.sizing.provisioners.offHours}`]);
    expect(scaler.find((m) => m.kind === 'Role')!.rules!.every((r) => r.resourceNames.join() === 'coder-provisioner')).toBe(true);
  });

  it('isolates workspaces: default deny both ways, ingress only from coderd, no workspace-to-workspace path', () => {
    const policies = workspaceNetworkPolicies(loadDeployment('production')) as unknown as Array<{ metadata: { name: string }; spec: { podSelector: object; policyTypes: string[]; ingress?: Array<{ from: Array<{ namespaceSelector?: { matchLabels: Record<string, string> } }> }> } }>;
    const deny = policies.find((p) => p.metadata.name === 'default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const ingressSources = policies.flatMap((p) => p.spec.ingress ?? []).flatMap((rule) => rule.from);
    expect(ingressSources).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'coder' } } }]);
    // Internet egress is per workspace (templates/base-k8s NetworkPolicy): nothing namespace-wide beyond DNS and coderd.
    const egressTargets = policies.flatMap((p) => (p.spec as { egress?: Array<{ to: unknown[] }> }).egress ?? []).flatMap((rule) => rule.to);
    expect(JSON.stringify(egressTargets)).not.toContain('ipBlock');
  });
});
