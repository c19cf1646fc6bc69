#!/usr/bin/env -S npx tsx
/**
 * npm run diagrams: renders diagrams/*.mmd to .generated/static/diagrams/*.svg
 * (served as /diagrams/<name>.svg). Unchanged diagrams come from the cache in
 * node_modules/.cache/guide-diagrams without starting a browser.
 */
import { diagramsStage } from './lib/stages.js';
import { runCli } from './lib/cli.js';

runCli(
  {
    command: 'npm run diagrams',
    synopsis: '',
    description: "Renders diagrams/*.mmd and the generated diagrams to SVG in one page of Debian's Chromium (PUPPETEER_EXECUTABLE_PATH), cached by content hash.",
    options: {},
    example: 'npm run diagrams',
  },
  async () => {
    const started = performance.now();
    try {
      const summary = await diagramsStage();
      console.log(`diagrams: ${summary} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
      return 0;
    } catch (error) {
      console.error(`diagrams: ${(error as Error).message}`);
      return 1;
    }
  },
);
