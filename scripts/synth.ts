#!/usr/bin/env -S npx tsx
/**
 * npm run synth [-- --profile production|evaluation] [--out DIR] [--report]
 *
 * Validates the profile, then synthesizes every stack into
 * <out>/stacks/<stack>/cdk.tf.json (default out: cdktf.out). Synthesis goes to
 * a temporary directory first and replaces <out> only when it succeeded, so a
 * bad config or a failing construct leaves the previous output untouched.
 * --report prints one JSON line with the seconds taken and the peak RSS.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../iac/config/index.js';
import { synthesize } from './lib/synth.js';
import { OutputDirError } from './lib/replace-dir.js';

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: process.env.GUIDE_PROFILE ?? 'production' },
    out: { type: 'string', default: 'cdktf.out' },
    report: { type: 'boolean', default: false },
  },
});

const started = performance.now();
try {
  const result = synthesize({ profile: values.profile!, outdir: values.out! });
  const seconds = (performance.now() - started) / 1000;
  if (values.report) {
    console.log(
      JSON.stringify({ seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, stacks: result.stacks }),
    );
  } else {
    console.log(`synth: ${result.stacks.length} stack(s) → ${values.out}/stacks (${result.stacks.join(', ')}) in ${seconds.toFixed(2)} s`);
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    console.error('Nothing was written. Fix the fields above in iac/config/profiles/ and run npm run synth again.');
  } else if (error instanceof OutputDirError) {
    console.error(`synth: --out ${values.out}: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error(`synth failed: ${(error as Error).stack ?? error}`);
  }
  process.exitCode ??= 1;
}
