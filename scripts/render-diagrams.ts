#!/usr/bin/env -S npx tsx
/**
 * npm run diagrams: renders diagrams/*.mmd to .generated/static/diagrams/*.svg
 * (served as /diagrams/<name>.svg). Unchanged diagrams come from the cache in
 * node_modules/.cache/guide-diagrams without starting a browser.
 */
import path from 'node:path';
import { readDiagramSources, renderAll } from './lib/diagrams.js';
import { paths } from './lib/paths.js';

async function main() {
  const started = performance.now();
  const stats = await renderAll(readDiagramSources(paths.root), {
    outDir: paths.diagramsOut,
    cacheDir: paths.diagramCache,
    prune: true,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `diagrams: ${stats.rendered.length} rendered, ${stats.cached.length} from cache${stats.removed.length ? `, ${stats.removed.length} stale removed` : ''} → ${path.relative(paths.root, paths.diagramsOut)} in ${seconds} s`,
  );
}

main().catch((error: Error) => {
  console.error(`diagrams: ${error.message}`);
  process.exitCode = 1;
});
