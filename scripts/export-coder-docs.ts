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

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: npm run export:coder-docs -- <outdir>');
  // Before rendering anything: a folder it may not replace is refused at once.
  assertReplaceable(path.resolve(out), (dir) => fs.existsSync(path.join(dir, EXPORT_MARKER)), 'npm run export:coder-docs');
  await diagramsStage();
  const result = exportCoderDocs(paths.root, path.resolve(out), sidebars.guide as never, paths.diagramsOut);
  console.log(`export: ${result.pages.length} pages, diagrams and manifest.json → ${out}`);
}

main().catch((error: Error) => {
  console.error(`export failed: ${error.message}`);
  process.exitCode = error instanceof OutputDirError ? 2 : 1;
});
