#!/usr/bin/env -S npx tsx
/**
 * npm run generate: synthesizes the stacks (production profile unless
 * GUIDE_PROFILE says otherwise) and writes the artifacts under generated/
 * that the guide reads. Commit what it changes; the drift gate checks it.
 */
import path from 'node:path';
import { ConfigError } from '../iac/config/index.js';
import { deriveArtifacts, writeArtifacts } from './lib/artifacts.js';
import { paths } from './lib/paths.js';
import { synthesize } from './lib/synth.js';
import { COMMITTED_PROFILE } from './lib/drift.js';

try {
  const { outdir } = synthesize({ profile: COMMITTED_PROFILE, outdir: paths.synthOut });
  const artifacts = deriveArtifacts(outdir);
  const { written, removed } = writeArtifacts(paths.root, artifacts);
  console.log(
    `generate: ${artifacts.length} artifact(s) in ${path.relative(paths.root, paths.generated)}/ (${written.length} updated, ${removed.length} removed)`,
  );
  for (const file of [...written, ...removed]) console.log(`  ${file}`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `generate failed: ${(error as Error).stack}`);
  process.exitCode = 1;
}
