/**
 * The platform stack: what the install script does, as Terraform, with the
 * same values: the platform's Kubernetes objects, the load balancer
 * controller and cluster autoscaler, coderd (with its target group binding)
 * and the observability stack. The values are this deployment's, embedded in
 * the stack (synth writes the same documents beside it for the script), so a
 * stack synthesized from any profile into any folder installs its own names.
 * The provisioners follow in their own stack, once the coder stack has issued
 * their key.
 */
import { Fn, type ITerraformDependable } from 'cdktn';
import type { Construct } from 'constructs';
import { EphemeralAwsSecretsmanagerSecretVersion } from '@cdktn/provider-aws/lib/ephemeral-aws-secretsmanager-secret-version';
import type { Deployment } from '../deployment.js';
import { CHARTS } from '../helm/charts.js';
import { clusterAutoscalerValues, loadBalancerControllerValues } from '../helm/addon-values.js';
import { CODER_SECRETS, coderValues } from '../helm/coder-values.js';
import { OBSERVABILITY_DB_SECRET, observabilityValues } from '../helm/observability-values.js';
import { yamlDocument } from '../helm/render.js';
import { namespaces, podDisruptionBudgets, postgresExporter, provisionerRbac, storageClass, targetGroupBinding, workspaceNetworkPolicies, type Manifest } from '../k8s/manifests.js';
import { coderSecretId, NAMESPACES, OBSERVABILITY_NAMESPACE, postgresUrl, RDS_CA_BUNDLE } from '../platform.js';
import { DataHttp, HttpProvider } from '../providers/http/index.js';
import { HelmProvider, HelmRelease, KubernetesManifest, KubernetesProvider, KubernetesSecret, type ClusterAccess } from '../providers/kubernetes/index.js';
import YAML from 'yaml';
import { CODER_DATABASE, CODER_DB_USER } from './names.js';
import { GuideStack } from './guide-stack.js';
import type { ClusterStack } from './cluster-stack.js';
import type { DatabaseStack } from './database-stack.js';
import type { EdgeStack } from './edge-stack.js';
import type { IdentityStack } from './identity-stack.js';
import type { NetworkStack } from './network-stack.js';


export function clusterAccess(eks: ClusterStack, region: string): ClusterAccess {
  return {
    host: eks.cluster.endpoint,
    clusterCaCertificate: Fn.base64decode(eks.cluster.certificateAuthority.get(0).data),
    exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', eks.cluster.name, '--region', region] },
  };
}

export function release(scope: Construct, chart: (typeof CHARTS)[keyof typeof CHARTS], namespace: string, values: string[], extra: Partial<ConstructorParameters<typeof HelmRelease>[2]> = {}): HelmRelease {
  return new HelmRelease(scope, chart.release, {
    name: chart.release,
    repository: chart.repo,
    chart: chart.name,
    version: chart.version,
    namespace,
    values,
    // Helm waits for the workloads to be ready, as the install script's --wait --timeout does.
    wait: true,
    timeoutSeconds: chart.timeoutMinutes * 60,
    ...extra,
  });
}

/** A Kubernetes object as a kubernetes_manifest; a namespaced one waits for its namespace. */
export function manifest(scope: Construct, m: Manifest, namespaceObjects: Record<string, KubernetesManifest>, dependsOn: ITerraformDependable[] = []): KubernetesManifest {
  const namespace = m.metadata.namespace ? namespaceObjects[m.metadata.namespace] : undefined;
  return new KubernetesManifest(scope, `${m.kind.toLowerCase()}-${m.metadata.namespace ?? 'cluster'}-${m.metadata.name}`, m, { dependsOn: [...(namespace ? [namespace] : []), ...dependsOn] });
}

export class PlatformStack extends GuideStack {
  readonly coderd: HelmRelease;

  constructor(scope: Construct, deployment: Deployment, network: NetworkStack, eks: ClusterStack, db: DatabaseStack, edge: EdgeStack, identity: IdentityStack) {
    const { config } = deployment;
    super(scope, 'platform', config);
    // EKS gives Pod Identity credentials only to pods created after their association exists:
    // coderd, the load balancer controller and the autoscaler need the identity stack applied first.
    this.addDependency(identity);
    const cluster = clusterAccess(eks, config.region);
    new HelmProvider(this, 'helm', cluster);
    new KubernetesProvider(this, 'kubernetes', cluster);
    new HttpProvider(this, 'http');
    // #region secrets-ephemeral
    // Read at plan and apply time and never stored: an ephemeral resource, passed only into the
    // secrets' write-only data (data_wo). Neither the value nor a hash of it is in the state.
    const fromSecretsManager = (id: string, what: Parameters<typeof coderSecretId>[1]) => new EphemeralAwsSecretsmanagerSecretVersion(this, id, { secretId: coderSecretId(config.name, what) }).secretString;
    const writeOnly = (key: string, value: string) => ({ data: { [key]: value }, revision: config.coder.secretsRevision });
    // #endregion secrets-ephemeral

    // #region platform-objects-iac
    const namespaceObjects = Object.fromEntries(namespaces().map((m) => [m.metadata.name, new KubernetesManifest(this, `namespace-cluster-${m.metadata.name}`, m)]));
    const inNamespace = (ns: string) => [namespaceObjects[ns]!];
    for (const m of [storageClass(), ...workspaceNetworkPolicies(deployment), ...provisionerRbac(), ...podDisruptionBudgets()]) manifest(this, m, namespaceObjects);

    // The RDS certificate authorities, for sslmode=verify-full, where coderd and the exporter run.
    const rdsCa = new DataHttp(this, 'rds-ca-bundle', { url: RDS_CA_BUNDLE.url });
    rdsCa.addOverride('lifecycle.postcondition', [{ condition: '${self.status_code == 200}', error_message: `Fetching the RDS certificate authorities from ${RDS_CA_BUNDLE.url} did not answer 200.` }]);
    const caBundles = Object.fromEntries(
      [NAMESPACES.coder, OBSERVABILITY_NAMESPACE].map((ns) => [
        ns,
        manifest(this, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: RDS_CA_BUNDLE.configMap, namespace: ns }, data: { [RDS_CA_BUNDLE.key]: rdsCa.responseBody } }, namespaceObjects),
      ]),
    );
    // #endregion platform-objects-iac

    // #region releases-iac
    const lbController = release(this, CHARTS.loadBalancerController, 'kube-system', [yamlDocument(loadBalancerControllerValues(deployment))], {
      set: [{ name: 'vpcId', value: network.vpc.vpc.id }],
    });
    release(this, CHARTS.clusterAutoscaler, 'kube-system', [yamlDocument(clusterAutoscalerValues(deployment))]);

    const secrets = [
      new KubernetesSecret(this, 'coder-db-url', {
        ...CODER_SECRETS.database,
        namespace: NAMESPACES.coder,
        data: { [CODER_SECRETS.database.key]: postgresUrl(CODER_DB_USER, db.cluster.endpoint, CODER_DATABASE) },
        dependsOn: inNamespace(NAMESPACES.coder),
      }),
      new KubernetesSecret(this, 'coder-oidc', { ...CODER_SECRETS.oidc, namespace: NAMESPACES.coder, writeOnly: writeOnly(CODER_SECRETS.oidc.key, fromSecretsManager('oidc', 'oidc-client-secret')), dependsOn: inNamespace(NAMESPACES.coder) }),
      new KubernetesSecret(this, 'coder-external-auth', { ...CODER_SECRETS.externalAuth, namespace: NAMESPACES.coder, writeOnly: writeOnly(CODER_SECRETS.externalAuth.key, fromSecretsManager('external-auth', 'external-auth-client-secret')), dependsOn: inNamespace(NAMESPACES.coder) }),
    ];

    // The target group binding rides along as an extra template of the coder chart; its CRD comes with the controller.
    const binding = JSON.stringify({ extraTemplates: [YAML.stringify(targetGroupBinding(edge.targetGroup.arn))] });
    this.coderd = release(this, CHARTS.coder, NAMESPACES.coder, [yamlDocument(coderValues(deployment)), binding], { dependsOn: [lbController, ...secrets, caBundles[NAMESPACES.coder]!] });

    // The observability chart runs in its own namespace (its collectors need the privileged level).
    const observabilityDb = new KubernetesSecret(this, 'observability-db-secret', {
      name: OBSERVABILITY_DB_SECRET,
      namespace: OBSERVABILITY_NAMESPACE,
      writeOnly: writeOnly('PGPASSWORD', fromSecretsManager('observability-db', 'observability-db-password')),
      dependsOn: inNamespace(OBSERVABILITY_NAMESPACE),
    });
    const observability = release(this, CHARTS.observability, OBSERVABILITY_NAMESPACE, [yamlDocument(observabilityValues(deployment))], {
      set: [{ name: 'global.postgres.hostname', value: db.cluster.endpoint }],
      dependsOn: [this.coderd, observabilityDb, caBundles[OBSERVABILITY_NAMESPACE]!],
    });
    for (const m of postgresExporter(db.cluster.endpoint)) manifest(this, m, namespaceObjects, [observabilityDb, observability]);
    // #endregion releases-iac
  }
}
