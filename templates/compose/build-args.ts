/**
 * The build arguments of a toolchain's image: every `ARG` its build/Dockerfile
 * declares, with the version toolchain.yaml gives it (the same names the
 * workspace sees, TOOLCHAIN_<NAME>_VERSION). An ARG the manifest cannot fill
 * is an error, so the image and the manifest cannot drift apart. A release's
 * image is built from its files as the release commit holds them (the context
 * returned, under .releases/), tagged with its version.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LayerError, loadToolchain } from './layers.js';
import { resolveLayer } from './layer-releases.js';
import { toolchainEnv } from './render.js';

/** The build arguments of a toolchain release's image (`name`, `name@1.2.0`, `name@dev`…), and the build context to use. */
export async function buildArgs(rootDir: string, ref: string): Promise<{ args: Array<[string, string]>; context: string }> {
  const layer = await resolveLayer(rootDir, ref, 'toolchain');
  const toolchain = loadToolchain(rootDir, layer.name, layer.source);
  const dockerfile = path.join(toolchain.dir, 'build', 'Dockerfile');
  if (!fs.existsSync(path.join(rootDir, dockerfile))) throw new LayerError([`${dockerfile}: ${layer.name} has no container image (see its build/ directory)`]);
  const env = toolchainEnv(toolchain.manifest);
  const declared = [...fs.readFileSync(path.join(rootDir, dockerfile), 'utf8').matchAll(/^ARG\s+([A-Z0-9_]+)\s*$/gm)].map((m) => m[1]!);
  const unknown = declared.filter((name) => !(name in env));
  if (unknown.length) throw new LayerError(unknown.map((name) => `${dockerfile}: ARG ${name} is not a version toolchain.yaml declares (it declares ${Object.keys(env).join(', ')})`));
  return { args: declared.map((name) => [name, env[name]!]), context: toolchain.dir };
}
