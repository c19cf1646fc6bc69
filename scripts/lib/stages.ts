/**
 * The pipeline's stages as functions, shared by their CLIs (npm run diagrams,
 * npm run generate) and by npm run build, which runs them in one process.
 */
import path from 'node:path';
import { deriveArtifacts, writeArtifacts } from './artifacts.js';
import { readDiagramSources, renderAll, type DiagramSource } from './diagrams.js';
import { generatedDiagrams } from '../../iac/diagrams/index.js';
import { loadDeployment } from '../../iac/deployment.js';
import { COMMITTED_PROFILE } from './drift.js';
import { paths } from './paths.js';
import { synthesize } from './synth.js';
import { compositionRefs } from '../../templates/compose/compositions-file.js';

/** The diagrams to render: diagrams/*.mmd, and those generated from the committed profile. */
export function diagramSources(): DiagramSource[] {
  const generated = generatedDiagrams(loadDeployment(COMMITTED_PROFILE), compositionRefs(paths.root)).map((d) => ({ ...d, source: `generated/diagrams/${d.name}.mmd` }));
  return [...readDiagramSources(paths.root), ...generated];
}

/** Renders every diagram; returns a one-line summary. */
export async function diagramsStage(): Promise<string> {
  const stats = await renderAll(diagramSources(), {
    outDir: paths.diagramsOut,
    cacheDir: paths.diagramCache,
    prune: true,
  });
  return `${stats.rendered.length} rendered, ${stats.cached.length} from cache${stats.removed.length ? `, ${stats.removed.length} stale removed` : ''} → ${path.relative(paths.root, paths.diagramsOut)}`;
}

/** Synthesizes the committed profile into cdktf.out and refreshes generated/; returns a summary. */
export function generateStage(): string {
  const { outdir, stacks, deployment } = synthesize({ profile: COMMITTED_PROFILE, outdir: paths.synthOut });
  const artifacts = deriveArtifacts(outdir, deployment);
  const { written, removed } = writeArtifacts(paths.root, artifacts);
  const changes = [...written.map((f) => `  updated ${f}`), ...removed.map((f) => `  removed ${f}`)];
  return [
    `${stacks.length} stack(s) (${stacks.join(', ')}) → ${path.relative(paths.root, outdir)}; ${artifacts.length} artifact(s) in generated/, ${written.length} updated, ${removed.length} removed`,
    ...changes,
  ].join('\n');
}
