/** The platform and provisioners stacks: the IaC path installs the same files the install script does. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadDeployment } from '../../iac/deployment.js';
import { CHARTS, KUBECTL_IMAGE } from '../../iac/helm/charts.js';
import { NAMESPACES, OBSERVABILITY_NAMESPACE, RDS_CA_BUNDLE } from '../../iac/platform.js';
import { namespaces, podDisruptionBudgets, postgresExporter, provisionerRbac, provisionerScaler, storageClass, workspaceNetworkPolicies } from '../../iac/k8s/manifests.js';
import { resources, type SynthesizedApp } from '../../iac/policies/model.js';
import { synthesizeToMemory } from '../helpers/synth.js';
import { repoRoot } from '../helpers/repo.js';
import { deploymentFiles } from '../../scripts/lib/deployment-files.js';

let app: SynthesizedApp;
beforeAll(() => {
  app = synthesizeToMemory(loadDeployment('production'));
});

const releases = () => resources(app, 'helm_release');

describe('Helm releases in the IaC path', () => {
  it('installs every chart at its pinned version', () => {
    const byName = Object.fromEntries(releases().map((r) => [r.body.name, r.body]));
    for (const chart of Object.values(CHARTS)) {
      expect(byName[chart.release], chart.release).toMatchObject({ chart: chart.name, repository: chart.repo, version: chart.version });
    }
  });

  it("embeds this deployment's values: the documents synth writes beside the stacks, which the install scripts pass", () => {
    // coderd and its add-ons in the install step; the provisioners in the Coder step, once their key exists.
    const script = ['snippets/install-coder.sh', 'snippets/publish-templates.sh'].map((f) => fs.readFileSync(path.join(repoRoot, f), 'utf8')).join('\n');
    const files = Object.fromEntries(deploymentFiles(loadDeployment('production'), 'cdktf.out/deployment', 'synth').map((f) => [f.path, f.content]));
    const fileOf: Record<string, string> = { coder: 'coder-values', 'coder-provisioner': 'coder-provisioner-values', 'coder-observability': 'observability-values', 'aws-load-balancer-controller': 'aws-load-balancer-controller-values', 'cluster-autoscaler': 'cluster-autoscaler-values' };
    expect(releases().map((r) => r.body.name).sort()).toEqual(Object.keys(fileOf).sort());
    for (const r of releases()) {
      const values = r.body.values as string[];
      // No file(): a stack reads nothing outside itself, so it installs the same values from any --out.
      expect(values.join('\n'), r.body.name as string).not.toMatch(/\$\{file\(/);
      const file = `cdktf.out/deployment/helm/${fileOf[r.body.name as string]}.yaml`;
      expect(YAML.parse(values[0]!), r.body.name as string).toEqual(YAML.parse(files[file]!));
      expect(script).toContain(file);
    }
  });

  it('binds coderd to the edge stack\'s target group through the chart\'s extra templates', () => {
    const coder = releases().find((r) => r.body.name === 'coder')!;
    const extra = JSON.parse((coder.body.values as string[])[1]!) as { extraTemplates: string[] };
    const binding = YAML.parse(extra.extraTemplates[0]!);
    expect(binding).toMatchObject({ kind: 'TargetGroupBinding', spec: { targetType: 'ip', serviceRef: { name: 'coder', port: 80 } } });
    expect(binding.spec.targetGroupARN).toMatch(/cross-stack-reference-input-edge/);
    expect(coder.body.depends_on).toContain('helm_release.aws-load-balancer-controller');
  });

  it('creates the platform objects and the secrets coderd and the provisioners read', () => {
    const deployment = loadDeployment('production');
    const expected = [...namespaces(), storageClass(), ...workspaceNetworkPolicies(deployment), ...provisionerRbac(), ...podDisruptionBudgets()];
    const platform = resources(app, 'kubernetes_manifest').filter((m) => m.stack === 'platform');
    expect(platform.map((m) => m.body.manifest)).toEqual(expect.arrayContaining(expected));
    // The database exporter too, pointed at the database stack's endpoint.
    const exporter = platform.find((m) => (m.body.manifest as { metadata: { name: string } }).metadata.name === 'postgres-exporter')!;
    expect(JSON.stringify(exporter.body.manifest)).toMatch(/cross-stack-reference-input-database/);
    expect(platform).toHaveLength(expected.length + postgresExporter().length + 2);
    // The RDS certificate authorities, fetched at plan time, in the two namespaces whose pods talk to Aurora.
    const bundles = platform.filter((m) => (m.body.manifest as { kind: string }).kind === 'ConfigMap').map((m) => m.body.manifest as { metadata: { namespace: string; name: string }; data: Record<string, string> });
    expect(bundles.map((b) => `${b.metadata.namespace}/${b.metadata.name}`).sort()).toEqual([`${NAMESPACES.coder}/${RDS_CA_BUNDLE.configMap}`, `${OBSERVABILITY_NAMESPACE}/${RDS_CA_BUNDLE.configMap}`].sort());
    for (const b of bundles) expect(b.data[RDS_CA_BUNDLE.key]).toBe('${data.http.rds-ca-bundle.response_body}');
    const scaler = provisionerScaler(deployment, KUBECTL_IMAGE);
    const provisioners = resources(app, 'kubernetes_manifest').filter((m) => m.stack === 'provisioners').map((m) => m.body.manifest);
    expect(provisioners).toEqual(expect.arrayContaining(scaler));
    expect(provisioners).toHaveLength(scaler.length);
    const secrets = resources(app, 'kubernetes_secret_v1').map((s) => `${s.stack}:${(s.body.metadata as { namespace: string; name: string }).namespace}/${(s.body.metadata as { name: string }).name}`);
    expect(secrets.sort()).toEqual(['platform:coder/coder-db-url', 'platform:coder/coder-external-auth', 'platform:coder/coder-oidc', 'platform:coder-observability/coder-observability-postgres', 'coder:coder-prov/coder-provisioner-key'].sort());
  });

  it('pins the helm, kubernetes and coderd providers', () => {
    expect((app.stacks.platform!.terraform as { required_providers: Record<string, unknown> }).required_providers).toMatchObject({
      helm: { source: 'hashicorp/helm', version: '3.0.2' },
      kubernetes: { source: 'hashicorp/kubernetes', version: '2.38.0' },
    });
    expect((app.stacks.coder!.terraform as { required_providers: Record<string, unknown> }).required_providers).toMatchObject({ coderd: { source: 'coder/coderd', version: '0.0.23' } });
  });
});
