/**
 * The compositions this deployment publishes (templates/compositions.yaml),
 * composed together, and the drift check that holds the committed
 * templates/composed/ to what composing produces now, and every release's
 * release to the commit and digest its history recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Deployment } from '../../iac/deployment.js';
import { CONTRACT_TYPES_FILE, contractTypesSource, loadContract } from './contract.js';
import { loadCompositions } from './compositions-file.js';
export { loadCompositions } from './compositions-file.js';
import { COMPOSED_DIR, compose, type ComposedFiles } from './compose.js';
import { releaseDrift, resolveLayer } from './layer-releases.js';
import { filesUnder, gpuOnlyBase, LayerError, loadBase, loadToolchain } from './layers.js';
import { GPU_COMPOSITIONS, TSHIRT_SIZES } from '../../iac/coder/catalog.js';

/** Every composition, keyed by its directory under templates/composed/. */
export async function composeAll(rootDir: string, deployment: Deployment): Promise<Map<string, ComposedFiles>> {
  const out = new Map<string, ComposedFiles>();
  const compositions = Object.entries(loadCompositions(rootDir));
  for (const [name, c] of compositions) {
    // The coder stack pushes one template per t-shirt size of this composition, with the size as its
    // compute_profile: the toolchain must offer each of them, or the push fails validation.
    const t = await resolveLayer(rootDir, c.toolchain, 'toolchain');
    const offered = loadToolchain(rootDir, t.name, t.source).manifest.compute.profiles;
    const unoffered = TSHIRT_SIZES.filter((size) => size.composition === name && !offered.includes(size.name));
    if (unoffered.length) {
      throw new LayerError([`templates/compositions.yaml: ${name}: iac/coder/catalog.ts publishes ${unoffered.map((u) => u.name).join(', ')} from it, but ${t.name}@${t.version} offers only ${offered.join(', ')} (compute.profiles in its toolchain.yaml); add them there and release it`]);
    }
    // The capacity model, the GPU quota and the prices count GPU_COMPOSITIONS as GPU workspaces: it
    // must name exactly the compositions whose base runs on GPU instances.
    const b = await resolveLayer(rootDir, c.base, 'base');
    const onGpu = gpuOnlyBase(await loadBase(rootDir, b.name, b.source));
    if (onGpu !== GPU_COMPOSITIONS.includes(name as (typeof GPU_COMPOSITIONS)[number])) {
      throw new LayerError([`templates/compositions.yaml: ${name}: its base ${b.name} runs ${onGpu ? 'on GPU instances' : 'on CPU instances'}, but GPU_COMPOSITIONS in iac/coder/catalog.ts ${onGpu ? 'does not list' : 'lists'} it; make them agree, or the GPU quota and prices count it wrongly`]);
    }
  }
  for (const [name, c] of compositions) {
    const { files } = await compose(
      rootDir,
      { name, toolchain: c.toolchain, base: c.base, overrides: Object.entries(c.overrides ?? {}).map(([k, v]) => ({ name: k, value: v })), permits: c.permits ?? [], enable: c.enable ?? [] },
      deployment,
    );
    out.set(name, files);
  }
  return out;
}

/** Committed composed templates (and the generated contract types) that differ from a fresh composition, one line each. */
export async function composedDrift(rootDir: string, deployment: Deployment): Promise<Array<{ file: string; message: string }>> {
  const problems: Array<{ file: string; message: string }> = [];
  const fix = 'run `npm run compose -- all` and commit the result';
  const types = contractTypesSource(loadContract(rootDir));
  const typesPath = path.join(rootDir, CONTRACT_TYPES_FILE);
  if (!fs.existsSync(typesPath) || fs.readFileSync(typesPath, 'utf8') !== types) problems.push({ file: CONTRACT_TYPES_FILE, message: 'differs from what contract-schema.yaml generates: run `npm run compose -- types`, then `npm run compose -- all`, and commit the result' });
  // Releases first: a composition of a release history no longer holds would be refused below anyway.
  const releases = await releaseDrift(rootDir);
  if (releases.length) return [...problems, ...releases];
  const all = await composeAll(rootDir, deployment);
  for (const [name, files] of all) {
    const dir = path.join(rootDir, COMPOSED_DIR, name);
    const rel = (f: string) => path.join(COMPOSED_DIR, name, f).split(path.sep).join('/');
    for (const [file, content] of files) {
      const abs = path.join(dir, file);
      if (!fs.existsSync(abs)) problems.push({ file: rel(file), message: `missing: ${fix}` });
      else if (fs.readFileSync(abs, 'utf8') !== content) problems.push({ file: rel(file), message: `differs from what composing produces: ${fix}` });
    }
    for (const file of fs.existsSync(dir) ? filesUnder(dir, '.') : []) if (!files.has(file)) problems.push({ file: rel(file), message: `composing no longer produces this file: ${fix}` });
  }
  for (const entry of fs.existsSync(path.join(rootDir, COMPOSED_DIR)) ? fs.readdirSync(path.join(rootDir, COMPOSED_DIR)) : []) {
    if (!all.has(entry)) problems.push({ file: path.join(COMPOSED_DIR, entry), message: `not in templates/compositions.yaml: ${fix}` });
  }
  return problems;
}
