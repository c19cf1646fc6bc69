/**
 * The guide's CDK Terrain application: one stack per AWS concern, built from
 * a resolved Deployment (validated config + capacity plan). Synthesis lives in
 * scripts/synth.ts.
 */
import { App } from 'cdktn';
import type { Deployment } from './deployment.js';
import { StateStack } from './stacks/state-stack.js';
import { NetworkStack } from './stacks/network-stack.js';
import { ClusterStack } from './stacks/cluster-stack.js';
import { DatabaseStack } from './stacks/database-stack.js';
import { EdgeStack } from './stacks/edge-stack.js';
import { IdentityStack } from './stacks/identity-stack.js';
import { ObservabilityStack } from './stacks/observability-stack.js';
import { CoderStack } from './stacks/coder-stack.js';
import { clusterAccess, PlatformStack } from './stacks/platform-stack.js';
import { ProvisionersStack } from './stacks/provisioners-stack.js';
import { terraformVersions } from './versions.js';

export interface GuideApp {
  app: App;
  stacks: { state: StateStack; network: NetworkStack; cluster: ClusterStack; database: DatabaseStack; edge: EdgeStack; identity: IdentityStack; observability: ObservabilityStack; platform: PlatformStack; coder: CoderStack; provisioners: ProvisionersStack };
}

export function buildApp(deployment: Deployment, outdir: string): GuideApp {
  const app = new App({
    outdir,
    stackTraces: false,
    hclOutput: false,
    context: { targetVersions: { ...terraformVersions } },
  });
  const state = new StateStack(app, deployment.config);
  const network = new NetworkStack(app, deployment);
  const cluster = new ClusterStack(app, deployment, network);
  const database = new DatabaseStack(app, deployment, network, cluster);
  const edge = new EdgeStack(app, deployment, network, cluster);
  const identity = new IdentityStack(app, deployment, network, cluster, database, edge);
  const observability = new ObservabilityStack(app, deployment, cluster, database, edge);
  const platform = new PlatformStack(app, deployment, network, cluster, database, edge, identity);
  const coder = new CoderStack(app, deployment, clusterAccess(cluster, deployment.config.region));
  coder.addDependency(platform);
  const provisioners = new ProvisionersStack(app, deployment, cluster, coder);
  return { app, stacks: { state, network, cluster, database, edge, identity, observability, platform, coder, provisioners } };
}
