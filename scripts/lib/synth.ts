/**
 * Synthesis as a function: profile → validated config → stacks → files.
 * Written to a sibling temporary directory and swapped in only on success, so
 * a bad config or a failing construct leaves the previous output untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadDeployment, resolveDeployment, type Deployment } from '../../iac/deployment.js';
import { buildApp } from '../../iac/app.js';
import { assertReplaceable, readJson } from './replace-dir.js';

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
  const staging = `${target}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    buildApp(deployment, staging).app.synth();
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const stacks = fs.readdirSync(path.join(target, 'stacks')).sort();
  return { outdir: target, stacks, deployment };
}
