/**
 * Synthesis as a function: profile → validated config → stacks → files:
 * <out>/stacks/<stack>/cdk.tf.json, and <out>/deployment/ (guide.env, Helm
 * values, manifests) for the install steps.
 * Written to a sibling temporary directory and swapped in only on success, so
 * a bad config or a failing construct leaves the previous output untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadDeployment, resolveDeployment, type Deployment } from '../../iac/deployment.js';
import { buildApp } from '../../iac/app.js';
import { assertReplaceable, readJson, swapInto } from './replace-dir.js';
import { DEPLOYMENT_FILES_DIR, deploymentFiles } from './deployment-files.js';

export interface SynthOptions {
  /** A named profile (iac/config/profiles/) … */
  profile?: string;
  /** … or a raw configuration object. */
  config?: unknown;
  /** Output directory, relative to the current directory or absolute. */
  outdir: string;
}

export interface SynthResult {
  outdir: string;
  stacks: string[];
  deployment: Deployment;
}

/** A folder synth wrote: CDK Terrain's manifest.json listing the stacks, and the stacks/ folder. */
export function isSynthOutput(dir: string): boolean {
  const manifest = readJson(path.join(dir, 'manifest.json')) as { stacks?: unknown } | undefined;
  return typeof manifest?.stacks === 'object' && manifest.stacks !== null && fs.existsSync(path.join(dir, 'stacks'));
}

export function synthesize({ profile, config, outdir }: SynthOptions): SynthResult {
  // Throws a ConfigError before anything is written.
  const deployment = config !== undefined ? resolveDeployment(config) : loadDeployment(profile ?? 'production');
  const target = path.resolve(outdir);
  // Replaces only an earlier synth output (its manifest.json lists stacks beside stacks/) or an empty folder.
  assertReplaceable(target, isSynthOutput, 'npm run synth');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Its own staging folder per run, so that runs at once (two terminals, test workers) never share one.
  const staging = fs.mkdtempSync(`${target}.tmp-`);
  let stacks: string[];
  try {
    buildApp(deployment, staging).app.synth();
    // The install steps' files for this deployment, beside its stacks: the snippets read them from here.
    for (const file of deploymentFiles(deployment, DEPLOYMENT_FILES_DIR, 'synth')) {
      const written = path.join(staging, file.path);
      fs.mkdirSync(path.dirname(written), { recursive: true });
      fs.writeFileSync(written, file.content);
    }
    stacks = fs.readdirSync(path.join(staging, 'stacks')).sort();
    swapInto(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return { outdir: target, stacks, deployment };
}
