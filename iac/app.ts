/**
 * The guide's CDK Terrain application: one stack per AWS concern, built from
 * a validated DeploymentConfig. Synthesis lives in scripts/synth.ts.
 */
import { App } from 'cdktn';
import type { DeploymentConfig } from './config/schema.js';
import { StateStack } from './stacks/state-stack.js';
import { terraformVersions } from './versions.js';

export interface GuideApp {
  app: App;
  stacks: { state: StateStack };
}

export function buildApp(config: DeploymentConfig, outdir: string): GuideApp {
  const app = new App({
    outdir,
    stackTraces: false,
    hclOutput: false,
    context: { targetVersions: { ...terraformVersions } },
  });
  const state = new StateStack(app, config);
  return { app, stacks: { state } };
}
