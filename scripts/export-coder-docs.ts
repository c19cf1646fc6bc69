#!/usr/bin/env -S npx tsx
/**
 * npm run export:coder-docs -- <outdir>
 * Writes the guide as plain Markdown for coder.com/docs: pages, diagrams/ and
 * manifest.json. Renders the diagrams first if they are not there yet.
 */
import path from 'node:path';
import sidebars from '../sidebars.js';
import fs from 'node:fs';
import { EXPORT_MARKER, exportCoderDocs } from './lib/export.js';
import { assertReplaceable, OutputDirError } from './lib/replace-dir.js';
import { paths } from './lib/paths.js';
import { diagramsStage } from './lib/stages.js';
import { runCli } from './lib/cli.js';

runCli(
  {
    command: 'npm run export:coder-docs',
    synopsis: '-- <outdir>',
    description: 'Writes the guide as plain Markdown for coder.com/docs: pages, diagrams/ and manifest.json. Replaces only an empty folder or an earlier export.',
    options: {},
    positionals: { min: 1, max: 1, help: '<outdir>: where the export goes.' },
    example: 'npm run export:coder-docs -- /tmp/coder-docs',
  },
  async ({ positionals }) => {
    const out = positionals[0]!;
    try {
      // Before rendering anything: a folder it may not replace is refused at once.
      assertReplaceable(path.resolve(out), (dir) => fs.existsSync(path.join(dir, EXPORT_MARKER)), 'npm run export:coder-docs');
      await diagramsStage();
      const result = exportCoderDocs(paths.root, path.resolve(out), sidebars.guide as never, paths.diagramsOut);
      console.log(`export: ${result.pages.length} pages, diagrams and manifest.json → ${out}`);
      return 0;
    } catch (error) {
      if (error instanceof OutputDirError) {
        console.error(`export failed: ${error.message}`);
        return 2;
      }
      throw error;
    }
  },
);
