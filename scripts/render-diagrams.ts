#!/usr/bin/env -S npx tsx
/**
 * npm run diagrams: renders diagrams/*.mmd to .generated/static/diagrams/*.svg
 * (served as /diagrams/<name>.svg). Unchanged diagrams come from the cache in
 * node_modules/.cache/guide-diagrams without starting a browser.
 */
import { diagramsStage } from './lib/stages.js';

const started = performance.now();
diagramsStage().then(
  (summary) => console.log(`diagrams: ${summary} in ${((performance.now() - started) / 1000).toFixed(2)} s`),
  (error: Error) => {
    console.error(`diagrams: ${error.message}`);
    process.exitCode = 1;
  },
);
