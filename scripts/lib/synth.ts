/**
 * Synthesis as a function: profile → validated config → stacks → files.
 * Written to a sibling temporary directory and swapped in atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadProfile } from '../../iac/config/index.js';
import { buildApp } from '../../iac/app.js';

export interface SynthOptions {
  profile: string;
  /** Output directory, relative to the current directory or absolute. */
  outdir: string;
}

export interface SynthResult {
  outdir: string;
  stacks: string[];
}

export function synthesize({ profile, outdir }: SynthOptions): SynthResult {
  const config = loadProfile(profile); // throws ConfigError before anything is written
  const target = path.resolve(outdir);
  const staging = `${target}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    // cdktn records outdir in manifest.json: synthesize with the relative name the
    // output will have, from its parent directory, so the output is machine-independent.
    const { app } = buildAppIn(path.dirname(staging), path.basename(staging), config);
    app.synth();
    rewriteManifestOutdir(staging, path.basename(target));
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const stacks = fs.readdirSync(path.join(target, 'stacks')).sort();
  return { outdir: target, stacks };
}

function buildAppIn(cwd: string, relOut: string, config: ReturnType<typeof loadProfile>) {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return buildApp(config, relOut);
  } finally {
    process.chdir(previous);
  }
}

function rewriteManifestOutdir(dir: string, finalName: string) {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) return;
  const text = fs.readFileSync(manifestPath, 'utf8');
  fs.writeFileSync(manifestPath, text.split(path.basename(dir)).join(finalName));
}
