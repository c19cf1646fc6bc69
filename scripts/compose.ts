#!/usr/bin/env -S npx tsx
/**
 * npm run compose -- <toolchain>[@<version|stable|beta|dev>] <base>[@<version|stable|beta|dev>]
 *                     [--override name=value]… [--permit rule]… [--enable capability]…
 *                     [--name NAME] [--out DIR] [--profile PROFILE]
 *                             compose one pairing: a release is read from the commit its
 *                             releases.yaml entry records, @dev takes the working directory
 * npm run compose -- all [--out DIR] [--profile PROFILE]
 *                             compose templates/compositions.yaml into templates/composed/ (production),
 *                             or any profile's into DIR (the templates step: cdktf.out/templates)
 * npm run compose -- release <layer> <version> [--channel stable|beta] --change type:summary… [--date YYYY-MM-DD]
 *                             publish a toolchain or base as a release: its last commit (commit it first)
 * npm run compose -- withdraw <layer> <version> --reason "…"
 *                             mark a release withdrawn: channels skip it, composing a pin to it is refused
 * npm run compose -- types    regenerate templates/contract/contract.generated.ts
 * npm run compose -- build-args <toolchain>[@<version|stable|beta|dev>]
 *                             the --build-arg flags of its image, from its toolchain.yaml
 * npm run compose -- resolve --registry <account>.dkr.ecr.<region>.amazonaws.com[/<prefix>]
 *                             fill templates/artifacts.lock.yaml from ECR and SSM
 *
 * Exit codes: 0 done; 1 refused (contract, policy, releases: one line per
 * reason); 2 bad usage (a flag, a version or a directory the tool cannot use).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CliUsageError, parseCli, usageLine, type CliSpec } from './lib/cli.js';
import { loadDeployment } from '../iac/deployment.js';
import { ConfigError } from '../iac/config/index.js';
import { COMPOSED_DIR, compose, writeComposition } from '../templates/compose/compose.js';
import { composeAll } from '../templates/compose/all.js';
import { CONTRACT_TYPES_FILE, contractTypesSource, loadContract } from '../templates/compose/contract.js';
import { LayerError, isSafeSegment, loadBase } from '../templates/compose/layers.js';
import { bundledElsewhere, resolveLayer } from '../templates/compose/layer-releases.js';
import { UsageError } from '../templates/compose/errors.js';
import { parseOverride } from '../templates/compose/overrides.js';
import { parseChange, publishRelease, withdrawRelease } from '../templates/compose/release.js';
import { paths } from './lib/paths.js';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SSMClient } from '@aws-sdk/client-ssm';
import { resolveLock, writeLock } from '../templates/compose/resolve.js';
import { buildArgs } from '../templates/compose/build-args.js';

const COMPOSE_CLI: CliSpec = {
  command: 'npm run compose',
  synopsis: '-- <toolchain>[@version|stable|beta|dev] <base>[@…] [--override k=v] [--permit rule] [--enable capability] [--out DIR] | all | release <layer> <version> --change type:summary [--channel stable|beta] | withdraw <layer> <version> --reason R | types | build-args <toolchain>[@…] | resolve --registry R',
  description: 'Checks a toolchain against an infrastructure base and writes a Coder template with provenance.json; `all` composes templates/compositions.yaml into templates/composed/ (production), or any profile\'s with --out; `release` and `withdraw` manage a layer\'s releases; `resolve` pins image digests and AMI ids.',
  options: {
    override: { type: 'string', multiple: true, default: [] as never, value: 'k=v', help: 'set a base variable the base lets be overridden (repeatable)' },
    permit: { type: 'string', multiple: true, default: [] as never, value: '<rule>', help: "the base policy rule that permits a guarded override (repeatable)" },
    enable: { type: 'string', multiple: true, default: [] as never, value: '<capability>', help: 'turn on an optional capability (repeatable)' },
    out: { type: 'string', value: '<dir>', help: 'where the template goes (default .compose/<name>, a git-ignored scratch folder)' },
    name: { type: 'string', value: '<name>', help: 'the composition name' },
    profile: { type: 'string', default: process.env.GUIDE_PROFILE ?? 'production', value: '<profile>', help: 'the deployment profile' },
    registry: { type: 'string', value: '<registry>', help: 'resolve: where the toolchain images are pushed' },
    endpoint: { type: 'string', value: '<url>', help: 'resolve: an ECR/SSM endpoint' },
    change: { type: 'string', multiple: true, default: [] as never, value: 'type:summary', help: 'release: what changed (repeatable)' },
    channel: { type: 'string', value: 'stable|beta', help: 'release: the channel' },
    date: { type: 'string', value: 'YYYY-MM-DD', help: 'release: the date' },
    reason: { type: 'string', value: '<text>', help: 'withdraw: why' },
    root: { type: 'string', default: paths.root, value: '<dir>', help: 'the repository' },
  },
  positionals: { help: 'See templates/README.md for each subcommand.' },
  example: 'npm run compose -- swdev-toolchain base-k8s --out /tmp/swdev-pod',
};

/**
 * `compose all --out DIR` writes one folder per composition into DIR: only a
 * new or empty folder, or one whose every entry is a composition (it holds
 * provenance.json), is used; anything else is refused before a file is written.
 */
function assertCompositionsDir(dir: string, asGiven: string): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    return;
  }
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`--out ${asGiven}: a file is in the way; name a new or empty directory`);
  const foreign = fs.readdirSync(dir).filter((entry) => !fs.existsSync(path.join(dir, entry, 'provenance.json')));
  if (foreign.length) throw new UsageError(`--out ${asGiven}: holds ${foreign.slice(0, 3).join(', ')}, which compose did not write; refusing to write compositions beside them. Name a new or empty directory`);
}

/** Where a one-off composition goes when --out is not given (git-ignored). */
const SCRATCH_DIR = '.compose';

const USAGE = usageLine(COMPOSE_CLI);

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseCli(COMPOSE_CLI, process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`compose: ${error.message}\n${USAGE}\n(npm run compose -- --help lists the options)`);
    return 2;
  }
  if (!parsed) return 0; // --help answered
  const positionals = parsed.positionals;
  const values = parsed.values as { override: string[]; permit: string[]; enable: string[]; out?: string; name?: string; profile: string; registry?: string; endpoint?: string; change: string[]; channel?: string; date?: string; reason?: string; root: string };
  const root = path.resolve(values.root!);

  if (positionals[0] === 'types') {
    fs.writeFileSync(path.join(root, CONTRACT_TYPES_FILE), contractTypesSource(loadContract(root)));
    console.log(`compose: wrote ${CONTRACT_TYPES_FILE}`);
    return 0;
  }
  if (positionals[0] === 'build-args') {
    if (!positionals[1]) {
      console.error(`compose build-args needs a toolchain, e.g. swdev-toolchain\n${USAGE}`);
      return 2;
    }
    // One per line, ready for: docker build $(npm run -s compose -- build-args swdev-toolchain) <context>
    const { args, context } = await buildArgs(root, positionals[1]);
    for (const [name, value] of args) console.log(`--build-arg ${name}=${value}`);
    console.error(`compose: build context ${context}`);
    return 0;
  }
  if (positionals[0] === 'release') {
    if (positionals.length !== 3) throw new UsageError('release needs the layer and the version: npm run compose -- release swdev-toolchain 1.2.2 --change security:"Go 1.23.4"');
    if (values.channel !== undefined && values.channel !== 'stable' && values.channel !== 'beta') throw new UsageError(`--channel ${values.channel}: one of stable, beta`);
    const { release } = await publishRelease(root, {
      layer: positionals[1]!,
      version: positionals[2]!,
      ...(values.channel ? { channel: values.channel as 'stable' | 'beta' } : {}),
      changes: values.change!.map(parseChange),
      date: values.date ?? new Date().toISOString().slice(0, 10),
    });
    console.log(`compose: released ${positionals[1]} ${release.version} on ${release.channel}: the files of commit ${release.commit.slice(0, 12)} (${release.digest}), recorded in templates/${positionals[1]}/releases.yaml; commit that file`);
    for (const b of await bundledElsewhere(root, positionals[1]!)) {
      if ('unreadable' in b) console.log(`  (whether ${b.layer} ${b.version} bundles an older copy could not be checked: ${b.unreadable})`);
      else console.log(`  ${b.layer} bundles ${b.modules.join(' and ')} (its ${b.version} holds other files than this release): release ${b.layer} too, so it carries them`);
    }
    console.log(`  pin it in templates/compositions.yaml (or compose ${positionals[1]}@${release.version}), resolve its artifacts and run npm run compose -- all`);
    return 0;
  }
  if (positionals[0] === 'withdraw') {
    if (positionals.length !== 3 || values.reason === undefined) throw new UsageError('withdraw needs the layer, the version and why: npm run compose -- withdraw base-ec2-windows 2.1.1 --reason "…"');
    const release = await withdrawRelease(root, positionals[1]!, positionals[2]!, values.reason);
    console.log(`compose: withdrew ${positionals[1]} ${release.version} (${release.withdrawn}); channels skip it and a pin to it is refused. Move any pin in templates/compositions.yaml off it and run npm run compose -- all`);
    return 0;
  }
  const deployment = loadDeployment(values.profile!);
  if (positionals[0] === 'resolve') {
    if (!values.registry) {
      console.error('compose resolve needs --registry <account>.dkr.ecr.<region>.amazonaws.com[/<prefix>] (where the toolchain images are pushed)');
      return 2;
    }
    const region = deployment.config.region;
    // --endpoint points both clients elsewhere (a VPC endpoint, or the tests' local server).
    const endpoint = values.endpoint ? { endpoint: values.endpoint } : {};
    const lock = await resolveLock(root, { registry: values.registry, region, ecr: new ECRClient({ region, ...endpoint }), ssm: new SSMClient({ region, ...endpoint }), today: new Date().toISOString().slice(0, 10) });
    writeLock(root, lock);
    console.log(`compose: resolved ${Object.keys(lock.images).length} image digest(s) and ${Object.keys(lock.amis).length} AMI id(s) into templates/artifacts.lock.yaml; run \`npm run compose -- all\` next`);
    return 0;
  }
  if (positionals[0] === 'all') {
    // Without --out: templates/composed, committed and drift-checked, always the production profile's
    // (like generated/). With --out: any profile's, where its coder stack reads them (<synth out>/templates).
    if (values.out === undefined && values.profile !== 'production') {
      throw new UsageError(`compose all writes the committed templates/composed/, which hold the production profile's values; it does not take --profile ${values.profile} (or GUIDE_PROFILE=${values.profile}) without --out. Give --out <dir> (the templates step uses cdktf.out/templates, where the coder stack reads them)`);
    }
    const dir = values.out === undefined ? path.join(root, COMPOSED_DIR) : path.resolve(values.out);
    const shown = values.out === undefined ? COMPOSED_DIR : values.out;
    if (values.out !== undefined) assertCompositionsDir(dir, values.out);
    const all = await composeAll(root, deployment);
    for (const [name, files] of all) writeComposition(path.join(dir, name), files);
    const removed = fs.readdirSync(dir).filter((entry) => !all.has(entry));
    for (const entry of removed) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    console.log(`compose: wrote ${[...all.keys()].map((n) => path.join(shown, n)).join(', ')} for ${deployment.config.name}`);
    // Said, not done silently: a folder no composition of compositions.yaml makes is gone.
    if (removed.length) console.log(`compose: removed ${removed.map((n) => path.join(shown, n)).join(', ')} (not in templates/compositions.yaml)`);
    return 0;
  }
  if (positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const [toolchain, base] = positionals as [string, string];
  // A malformed --override is a usage error; it names what this base lets be overridden, when the base resolves.
  const baseRules = async () => {
    try {
      const b = await resolveLayer(root, base, 'base');
      return (await loadBase(root, b.name, b.source)).rules;
    } catch {
      return undefined;
    }
  };
  const rules = values.override!.some((o) => o.indexOf('=') <= 0) ? await baseRules() : undefined;
  const overrides = values.override!.map((o) => parseOverride(o, rules));
  const name = values.name ?? `${toolchain.split('@')[0]!.replace(/-toolchain$/, '')}-on-${base.split('@')[0]!.replace(/^base-/, '')}`;
  if (!isSafeSegment(name)) throw new UsageError(`${values.name === undefined ? `the composition's name from ${toolchain} and ${base}` : '--name'} "${name}": one directory name (letters, digits, ., _ and -, starting with a letter or digit), written under ${SCRATCH_DIR}/; name the layers as <layer>[@version] and give --name or --out for another place`);
  const { files, provenance } = await compose(root, { name, toolchain, base, overrides, permits: values.permit!, enable: values.enable! }, deployment);
  // A one-off composition goes to a scratch folder: templates/composed/ holds only what
  // compositions.yaml lists (committed and drift-checked; compose -- all rewrites it).
  const out = path.resolve(values.out ?? path.join(root, SCRATCH_DIR, name));
  writeComposition(out, files);
  if (values.out === undefined) console.log(`compose: a one-off, written to ${path.join(SCRATCH_DIR, name)}/ (git-ignored). To publish it, add it to templates/compositions.yaml and run npm run compose -- all`);
  console.log(`compose: ${provenance.toolchain.name}@${provenance.toolchain.version} + ${provenance.base.name}@${provenance.base.version} → ${path.relative(process.cwd(), out) || '.'}`);
  console.log(`  artifact ${provenance.artifact.image_id}${provenance.artifact.source === 'example' ? ' (EXAMPLE: resolve real artifacts before pushing)' : ''}`);
  for (const o of provenance.overrides) console.log(`  override ${o.name}=${o.value} (rule ${o.rule}${o.guard ? `, guarded: ${o.guard}, permitted` : ''}${o.capability ? `; set by the capability ${o.capability}` : ''})`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`compose: ${error.message}\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof LayerError || error instanceof ConfigError) {
      console.error(`compose refused:\n${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(`compose failed: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  },
);
