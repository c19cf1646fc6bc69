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
import { ConfigError } from '../iac/config/index.js';
import { runCli } from './lib/cli.js';
import { OutputDirError } from './lib/replace-dir.js';
import { synthesize } from './lib/synth.js';

runCli(
  {
    command: 'npm run synth',
    synopsis: '[-- --profile production|evaluation] [--out DIR] [--report]',
    description: 'Validates a profile and synthesizes every stack to <out>/stacks/<stack>/cdk.tf.json. --out replaces only an empty folder or an earlier synth output.',
    options: {
      profile: { type: 'string', default: process.env.GUIDE_PROFILE ?? 'production', value: '<profile>', help: 'the profile in iac/config/profiles/ (GUIDE_PROFILE)' },
      out: { type: 'string', default: 'cdktf.out', value: '<dir>', help: 'where the stacks go' },
      report: { type: 'boolean', default: false, help: 'print one JSON line: seconds, peak RSS, stacks' },
    },
    example: 'npm run synth -- --profile evaluation --out /tmp/eval.out',
  },
  ({ values }) => {
    const started = performance.now();
    try {
      const result = synthesize({ profile: values.profile as string, outdir: values.out as string });
      const seconds = (performance.now() - started) / 1000;
      if (values.report) console.log(JSON.stringify({ seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, stacks: result.stacks }));
      else console.log(`synth: ${result.stacks.length} stack(s) → ${values.out}/stacks (${result.stacks.join(', ')}) in ${seconds.toFixed(2)} s`);
      return 0;
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(error.message);
        console.error('Nothing was written. Fix the fields above in iac/config/profiles/ and run npm run synth again.');
        return 1;
      }
      if (error instanceof OutputDirError) {
        console.error(`synth: --out ${values.out}: ${error.message}`);
        return 2;
      }
      throw error;
    }
  },
);
