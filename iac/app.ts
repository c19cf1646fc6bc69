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
import { terraformVersions } from './versions.js';

export interface GuideApp {
  app: App;
  stacks: { state: StateStack; network: NetworkStack; cluster: ClusterStack };
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
  return { app, stacks: { state, network, cluster } };
}
