/**
 * The provisioners stack: the external provisioners' Helm release and their
 * scaler. It comes last because their key (and its secret) is issued by the
 * coder stack.
 */
import type { Construct } from 'constructs';
import type { Deployment } from '../deployment.js';
import { CHARTS, KUBECTL_IMAGE } from '../helm/charts.js';
import { provisionerScaler } from '../k8s/manifests.js';
import { provisionerValues } from '../helm/provisioner-values.js';
import { yamlDocument } from '../helm/render.js';
import { NAMESPACES } from '../platform.js';
import { HelmProvider, KubernetesManifest, KubernetesProvider } from '../providers/kubernetes/index.js';
import { GuideStack } from './guide-stack.js';
import type { ClusterStack } from './cluster-stack.js';
import type { CoderStack } from './coder-stack.js';
import { clusterAccess, release } from './platform-stack.js';

export class ProvisionersStack extends GuideStack {
  constructor(scope: Construct, deployment: Deployment, eks: ClusterStack, coder: CoderStack) {
    super(scope, 'provisioners', deployment.config);
    this.addDependency(coder);
    const cluster = clusterAccess(eks, deployment.config.region);
    new HelmProvider(this, 'helm', cluster);
    new KubernetesProvider(this, 'kubernetes', cluster);

    // #region provisioners-iac
    // The namespace belongs to the platform stack; the key's secret to the coder stack, which
    // issued the key and wrote it as write-only data (so no state but the coder stack's holds it).
    const provisioners = release(this, CHARTS.provisioner, NAMESPACES.provisioners, [yamlDocument(provisionerValues(deployment))]);
    for (const m of provisionerScaler(deployment, KUBECTL_IMAGE)) {
      new KubernetesManifest(this, `${m.kind.toLowerCase()}-${m.metadata.name}`, m, { dependsOn: [provisioners] });
    }
    // #endregion provisioners-iac
  }
}
