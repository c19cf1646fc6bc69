/**
 * The provisioners stack: the external provisioners' key secret and Helm
 * release. It comes last because the key is issued by the coder stack.
 */
import type { Construct } from 'constructs';
import type { Deployment } from '../deployment.js';
import { CHARTS, KUBECTL_IMAGE } from '../helm/charts.js';
import { provisionerScaler } from '../k8s/manifests.js';
import { PROVISIONER_KEY_SECRET, provisionerValues } from '../helm/provisioner-values.js';
import { yamlDocument } from '../helm/render.js';
import { NAMESPACES } from '../platform.js';
import { HelmProvider, KubernetesManifest, KubernetesProvider, KubernetesSecret } from '../providers/kubernetes/index.js';
import { GuideStack } from './guide-stack.js';
import type { ClusterStack } from './cluster-stack.js';
import type { CoderStack } from './coder-stack.js';
import { clusterAccess, release } from './platform-stack.js';

export class ProvisionersStack extends GuideStack {
  constructor(scope: Construct, deployment: Deployment, eks: ClusterStack, coder: CoderStack) {
    super(scope, 'provisioners', deployment.config);
    const cluster = clusterAccess(eks, deployment.config.region);
    new HelmProvider(this, 'helm', cluster);
    new KubernetesProvider(this, 'kubernetes', cluster);

    // #region provisioners-iac
    // The namespace belongs to the platform stack, applied before this one.
    const key = new KubernetesSecret(this, 'provisioner-key', {
      name: PROVISIONER_KEY_SECRET.name,
      namespace: NAMESPACES.provisioners,
      data: { [PROVISIONER_KEY_SECRET.key]: coder.provisionerKey.key },
    });
    const provisioners = release(this, CHARTS.provisioner, NAMESPACES.provisioners, [yamlDocument(provisionerValues(deployment))], { dependsOn: [key] });
    for (const m of provisionerScaler(deployment, KUBECTL_IMAGE)) {
      new KubernetesManifest(this, `${m.kind.toLowerCase()}-${m.metadata.name}`, m, { dependsOn: [provisioners] });
    }
    // #endregion provisioners-iac
  }
}
