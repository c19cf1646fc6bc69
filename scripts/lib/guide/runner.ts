/**
 * npm run guide: list, plan and run the guide's steps. `run` checks each
 * step's preconditions before it executes anything, asks before changes
 * unless --yes, records progress atomically, resumes after a failure or an
 * interrupt without repeating finished steps, and retries with backoff where
 * the step says so. A failure names the step, the command, its exit code and
 * the page to read.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { $ } from 'zx';
import type { Deployment } from '../../../iac/deployment.js';
import { runCommand, STEPS, type Step, type ToolName } from './steps.js';
import { toolSpecs } from './tools.js';
import { parseEnv, resolveLine, snippetCommands } from './snippet.js';
import { readState, statePath, writeState, type RunState } from './state.js';
import { DEPLOYMENT_FILES_DIR, envSettings, guideEnv } from '../deployment-files.js';

export interface Selection {
  from?: string;
  only?: string;
}

export interface RunOptions extends Selection {
  root: string;
  deployment: Deployment;
  profile: string;
  yes: boolean;
  /** For tests: seconds per backoff unit (default 1 = the steps' real backoff). */
  backoffScale?: number;
  /** Multiplies each step's time limit (tests only). */
  timeoutScale?: number;
  out?: (line: string) => void;
  /** Asks a yes/no question; defaults to a terminal prompt. */
  confirm?: (question: string) => Promise<boolean>;
}

export class GuideError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'GuideError';
  }
}

/** The number (1-based) of a step given by number or id. */
export function stepIndex(ref: string): number {
  const n = /^\d+$/.test(ref) ? Number(ref) - 1 : STEPS.findIndex((s) => s.id === ref);
  if (n < 0 || n >= STEPS.length) throw new GuideError(`no step "${ref}": give a number from 1 to ${STEPS.length} or an id (${STEPS.map((s) => s.id).join(', ')})`, 2);
  return n;
}

export function selectSteps(selection: Selection): Array<{ n: number; step: Step }> {
  const all = STEPS.map((step, i) => ({ n: i + 1, step }));
  // Given means given: an empty --only is an unknown step, never "everything".
  if (selection.only !== undefined && selection.from !== undefined) throw new GuideError('give --from or --only, not both', 2);
  if (selection.only !== undefined) return [all[stepIndex(selection.only)]!];
  if (selection.from !== undefined) return all.slice(stepIndex(selection.from));
  return all;
}

export function listSteps(): string[] {
  return STEPS.map((s, i) => `${String(i + 1).padStart(2)}. ${s.id.padEnd(14)} ${s.title}  (docs/${s.page}.mdx)`);
}

/** The account the deployment belongs to, from the admin role ARNs of its config. */
export function expectedAccount(deployment: Deployment): string | undefined {
  return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(deployment.config.cluster.adminRoleArns[0] ?? '')?.[1];
}

/** The values the steps see, from the selected profile itself (the guide.env synth writes for it). */
function stepVars(options: Pick<RunOptions, 'profile' | 'deployment'>): Record<string, string> {
  return { ...parseEnv(guideEnv(options.deployment, 'synth')), GUIDE_PROFILE: options.profile };
}

/** The guide.env the snippets source: the one synth wrote beside the stacks. */
export const SYNTH_ENV_FILE = path.posix.join('cdktf.out', DEPLOYMENT_FILES_DIR, 'guide.env');

/**
 * Why the synthesized output in the clone is not the selected profile's, or
 * undefined when it is. The snippets apply cdktf.out's stacks and install
 * cdktf.out/deployment's values: another profile's would deploy other names.
 */
export function synthMismatch(root: string, profile: string, deployment: Deployment): string | undefined {
  const file = path.join(root, SYNTH_ENV_FILE);
  const fix = `run \`npm run guide -- run --only config --profile ${profile}\` (it synthesizes that profile), then run again`;
  if (!fs.existsSync(file)) return `guide: ${SYNTH_ENV_FILE} is missing: nothing was synthesized in this clone yet, and every step after config reads it.\n  fix: ${fix}`;
  if (envSettings(fs.readFileSync(file, 'utf8')) === envSettings(guideEnv(deployment, 'synth'))) return undefined;
  const name = parseEnv(fs.readFileSync(file, 'utf8')).GUIDE_NAME ?? 'another deployment';
  return `guide: cdktf.out holds the stacks of ${name}, not of profile "${profile}" (${deployment.config.name}); its steps would deploy the other one's names.\n  fix: ${fix}`;
}

function describeNeeds(step: Step, deployment: Deployment): string {
  const specs = toolSpecs(deployment.config.cluster.version);
  const tools = step.tools.map((t) => `${specs[t].commands.join(' or ')}${specs[t].min && specs[t].min !== '0.0.0' ? ` >= ${specs[t].min}` : ''}`);
  const extra = [step.aws ? `AWS credentials for account ${expectedAccount(deployment) ?? '(see cluster.adminRoleArns)'}` : '', step.coder ? 'CODER_URL and CODER_SESSION_TOKEN (an Owner)' : ''].filter(Boolean);
  return [...tools, ...extra].join('; ');
}

/** What `plan` and `--dry-run` print: every step's command and its snippet's commands, resolved. Runs nothing. */
export function planSteps(options: Pick<RunOptions, 'root' | 'profile' | 'deployment'> & Selection): string[] {
  const vars = stepVars(options);
  const lines: string[] = [];
  for (const { n, step } of selectSteps(options)) {
    lines.push(`${String(n).padStart(2)}. ${step.id} — ${step.title}  (docs/${step.page}.mdx)`);
    lines.push(`    needs: ${describeNeeds(step, options.deployment)}`);
    const policy = [step.changes ? `changes: ${step.changes} (asks first unless --yes)` : 'read-only', step.retry ? `retries: ${step.retry.attempts} attempts, backoff from ${step.retry.backoffSeconds} s` : '', `timeout: ${step.timeoutMinutes} min`].filter(Boolean);
    lines.push(`    ${policy.join('; ')}`);
    lines.push(`    $ GUIDE_PROFILE=${options.profile} bash ${[step.snippet, ...(step.args ?? [])].join(' ')}`);
    for (const c of snippetCommands(options.root, step.snippet, vars, step.args ?? [])) lines.push(`      ${c}`);
  }
  return lines;
}

export interface PreconditionProblem {
  what: string;
  fix: string;
}

function which(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Checks a step's preconditions: tools and versions, AWS identity, Coder credentials. Runs only version and identity commands. */
export function checkPreconditions(step: Step, deployment: Deployment, env: NodeJS.ProcessEnv = process.env, checked = new Map<string, PreconditionProblem | null>()): PreconditionProblem[] {
  const problems: PreconditionProblem[] = [];
  const specs = toolSpecs(deployment.config.cluster.version);
  const once = (key: string, check: () => PreconditionProblem | null) => {
    if (!checked.has(key)) checked.set(key, check());
    const p = checked.get(key);
    if (p) problems.push(p);
  };
  for (const tool of step.tools) {
    once(`tool:${tool}`, () => toolProblem(tool, specs[tool], env));
  }
  if (step.aws) once('aws-identity', () => awsIdentityProblem(deployment, env));
  if (step.coder) {
    once('coder-env', () => (env.CODER_URL && env.CODER_SESSION_TOKEN ? null : { what: 'CODER_URL and CODER_SESSION_TOKEN are not both set', fix: 'export CODER_URL=https://<access host> and CODER_SESSION_TOKEN=<token of an Owner> (coder tokens create)' }));
  }
  return problems;
}

function toolProblem(tool: ToolName, spec: ReturnType<typeof toolSpecs>[ToolName], env: NodeJS.ProcessEnv): PreconditionProblem | null {
  // The first alternative on PATH is the one the snippets run: its version is the one that counts.
  const command = spec.commands.find((c) => which(c, env));
  if (!command) return { what: `${spec.commands.join(' or ')} is not on PATH`, fix: `install it: ${spec.install}` };
  const min = spec.minFor?.[command] ?? spec.min;
  const out = spawnSync(command, spec.args, { env, encoding: 'utf8', timeout: 30_000 });
  // The version from standard output only: a warning on standard error (terraform's about a missing
  // CLI config file, say) must not make it unreadable. Standard error is shown when parsing fails.
  const parsed = spec.parse(out.stdout ?? '');
  const version = parsed && semver.valid(parsed) ? parsed : undefined;
  const picked = spec.commands.length > 1 ? ` (the snippets run ${spec.commands[0]} when it is on PATH, else ${spec.commands.slice(1).join(' or ')})` : '';
  if (!version) {
    const said = `${out.stderr ?? ''}`.trim().split('\n').slice(0, 3).join(' / ');
    return { what: `${command}: version unreadable from \`${command} ${spec.args.join(' ')}\`${picked}${said ? `; it said on stderr: ${said}` : ''}`, fix: `reinstall it: ${spec.install}` };
  }
  if (!min || semver.gte(version, min)) return null;
  return { what: `${command} >= ${min} is required; found ${command} ${version}${picked}`, fix: `upgrade: ${spec.install}` };
}

function awsIdentityProblem(deployment: Deployment, env: NodeJS.ProcessEnv): PreconditionProblem | null {
  if (!which('aws', env)) return { what: 'the AWS identity cannot be checked: aws is not on PATH', fix: 'install the AWS CLI v2 and sign in' };
  const out = spawnSync('aws', ['sts', 'get-caller-identity', '--output', 'json'], { env, encoding: 'utf8', timeout: 30_000 });
  if (out.status !== 0) return { what: `no AWS identity: aws sts get-caller-identity exited ${out.status}: ${(out.stderr ?? '').trim().split('\n').at(-1)}`, fix: 'sign in (aws sso login, or AWS_PROFILE / credentials for the account)' };
  let account: string | undefined;
  try {
    account = (JSON.parse(out.stdout) as { Account?: string }).Account;
  } catch {
    return { what: 'aws sts get-caller-identity printed no JSON', fix: 'check the AWS CLI configuration (output format)' };
  }
  const expected = expectedAccount(deployment);
  if (expected && account !== expected) return { what: `signed in to AWS account ${account}, but the deployment's config names account ${expected} (cluster.adminRoleArns)`, fix: `switch to a profile of account ${expected}` };
  return null;
}

async function askTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new GuideError(`${question}: no terminal to ask; pass --yes to approve every change of this run`, 2);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** docs/<page>.mdx[#anchor] for a page reference. */
export function pageFile(ref: string): string {
  const [page, anchor] = ref.split('#');
  return `docs/${page}.mdx${anchor ? `#${anchor}` : ''}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sourced by bash before every snippet (BASH_ENV): records each failing command in GUIDE_ERROR_FILE. */
const ON_ERROR = fileURLToPath(new URL('./on-error.sh', import.meta.url));

/**
 * The first command that failed in a step, as on-error.sh recorded it:
 * "`cmd` exited N at file:line", and where a function failed, the line of the
 * snippet that called it.
 */
export function failedCommand(errorFile: string, root: string): string | undefined {
  if (!fs.existsSync(errorFile)) return undefined;
  const m = /^(\d+) (\S+):(\d+) (.*?)(?: @ (\S+):(\d+))?$/.exec(fs.readFileSync(errorFile, 'utf8').split('\n')[0] ?? '');
  if (!m) return undefined;
  const rel = (f: string) => (path.isAbsolute(f) ? path.relative(root, f) : f);
  return `\`${m[4]!.trim()}\` exited ${m[1]} at ${rel(m[2]!)}:${m[3]}${m[5] ? `, called at ${rel(m[5])}:${m[6]}` : ''}`;
}

/**
 * Tools and the AWS identity for every selected step, checked before the
 * first one runs, so a missing CLI of a late step does not surface after the
 * infrastructure steps. (Coder credentials are checked per step: the token
 * exists only once Coder is installed.)
 */
function upFrontProblems(selected: Array<{ n: number; step: Step }>, deployment: Deployment, checked: Map<string, PreconditionProblem | null>): string[] {
  const byProblem = new Map<string, { p: PreconditionProblem; steps: string[] }>();
  for (const { n, step } of selected) {
    for (const p of checkPreconditions({ ...step, coder: false }, deployment, process.env, checked)) {
      const entry = byProblem.get(p.what) ?? { p, steps: [] };
      entry.steps.push(`${n} (${step.id})`);
      byProblem.set(p.what, entry);
    }
  }
  return [...byProblem.values()].map(({ p, steps }) => `  ${p.what} (needed by step${steps.length > 1 ? 's' : ''} ${steps.join(', ')})\n    fix: ${p.fix}`);
}

/**
 * The alert the design's error table asks for when a step fails for good:
 * GUIDE_NOTIFY, a shell command of yours (an SNS publish, a chat webhook),
 * runs with the failure message on its standard input and the step's id in
 * GUIDE_FAILED_STEP. Its own failure is reported, never raised.
 */
async function notifyFailure(stepId: string, message: string, root: string, out: (line: string) => void): Promise<void> {
  const command = process.env.GUIDE_NOTIFY;
  if (!command) return;
  const r = await $({ cwd: root, env: { ...process.env, GUIDE_FAILED_STEP: stepId }, input: message, nothrow: true, quiet: true, timeout: 30_000 })`bash -c ${command}`;
  out(r.exitCode === 0 ? 'guide: GUIDE_NOTIFY sent the failure' : `guide: GUIDE_NOTIFY exited ${r.exitCode}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`);
}

/** Runs the selected steps; returns the process exit code. */
export async function runSteps(options: RunOptions): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const file = statePath(options.root, options.profile);
  const state: RunState = readState(file, options.profile);
  const explicit = Boolean(options.from || options.only);
  const selected = selectSteps(options).filter(({ step }) => explicit || state.steps[step.id]?.status !== 'done');
  const skipped = selectSteps(options).length - selected.length;
  if (skipped) out(`guide: ${skipped} step(s) already done (${path.relative(options.root, file)}); resuming`);
  if (!selected.length) {
    out('guide: every step is done');
    return 0;
  }
  // The snippets read cdktf.out (stacks, values files, manifests, names): it must be this profile's,
  // unless the first step to run is the one that synthesizes it.
  if (selected[0]!.step.id !== 'config') {
    const mismatch = synthMismatch(options.root, options.profile, options.deployment);
    if (mismatch) throw new GuideError(mismatch, 2);
  }
  const checked = new Map<string, PreconditionProblem | null>();
  const upFront = upFrontProblems(selected, options.deployment, checked);
  if (upFront.length) {
    throw new GuideError(`guide: preconditions not met, nothing was run:\n${upFront.join('\n')}\n  then run \`${runCommand()}\` again`);
  }
  let current: string | undefined;
  const onSignal = () => {
    if (current) {
      state.steps[current] = { status: 'interrupted', attempts: state.steps[current]?.attempts ?? 0, at: new Date().toISOString() };
      writeState(file, state);
    }
    out(`\nguide: interrupted${current ? ` during ${current}` : ''}; run again to resume`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const { n, step } of selected) {
      const command = ['bash', step.snippet, ...(step.args ?? [])];
      out(`\n== ${n}. ${step.title} (docs/${step.page}.mdx)\n$ ${command.join(' ')}`);
      // The step's preconditions before any of its commands: tools and versions, AWS identity, Coder credentials.
      const problems = checkPreconditions(step, options.deployment, process.env, checked);
      if (problems.length) {
        throw new GuideError(`guide: preconditions of step ${n} (${step.id}) not met, nothing of it was run:\n${problems.map((p) => `  ${p.what}\n    fix: ${p.fix}`).join('\n')}\n  then run \`${runCommand()}\` to resume from this step`);
      }
      if (step.changes && !options.yes) {
        const ok = await (options.confirm ?? askTerminal)(`Step ${n} ${step.changes}. Go ahead?`);
        if (!ok) throw new GuideError(`guide: stopped before step ${n} (${step.id}); nothing of it ran. Run again to continue from here.`, 1);
      }
      current = step.id;
      const attempts = step.retry?.attempts ?? 1;
      let exitCode = 0;
      const limitMs = step.timeoutMinutes * 60_000 * (options.timeoutScale ?? 1);
      let timedOut = false;
      let failed: string | undefined;
      const errorFile = path.join(path.dirname(file), `${step.id}.errors`);
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const started = performance.now();
        fs.mkdirSync(path.dirname(errorFile), { recursive: true });
        fs.rmSync(errorFile, { force: true });
        // Only the profile: everything else the snippet sources from generated/guide.env itself, as a
        // reader's shell does. BASH_ENV records the command that fails, for the message below.
        const env = { ...process.env, GUIDE_PROFILE: options.profile, BASH_ENV: ON_ERROR, GUIDE_ERROR_FILE: errorFile };
        const result = await $({ cwd: options.root, env, stdio: 'inherit', nothrow: true, timeout: limitMs })`${command}`;
        failed = failedCommand(errorFile, options.root);
        fs.rmSync(errorFile, { force: true });
        // zx ends a step that outlives its limit with SIGTERM (bash then dies of it, or reports its
        // child's death as 143): a failure, retried where the step allows, not an interrupt.
        timedOut = (result.signal === 'SIGTERM' || result.exitCode === 143) && performance.now() - started >= limitMs;
        // Killed by Ctrl-C (the whole process group gets it): an interrupt, not a failure; the next run resumes here.
        if (!timedOut && (result.signal === 'SIGINT' || result.signal === 'SIGTERM' || result.exitCode === 130 || result.exitCode === 143)) {
          state.steps[step.id] = { status: 'interrupted', attempts: attempt, at: new Date().toISOString() };
          writeState(file, state);
          throw new GuideError(`\nguide: interrupted during step ${n} (${step.id}); run again to resume`, 130);
        }
        // 124, as timeout(1) reports it.
        exitCode = timedOut ? 124 : (result.exitCode ?? 1);
        state.steps[step.id] = { status: exitCode === 0 ? 'done' : 'failed', attempts: attempt, exitCode, at: new Date().toISOString() };
        writeState(file, state);
        if (exitCode === 0) break;
        if (attempt < attempts) {
          const wait = step.retry!.backoffSeconds * 2 ** (attempt - 1) * (options.backoffScale ?? 1);
          out(`guide: step ${n} (${step.id}) ${timedOut ? `timed out after ${step.timeoutMinutes} min` : `exited ${exitCode}${failed ? `: ${failed}` : ''}`}; attempt ${attempt + 1} of ${attempts} in ${wait} s`);
          await sleep(wait * 1000);
        }
      }
      current = undefined;
      if (exitCode !== 0) {
        const vars = stepVars(options);
        const message =
          `guide: step ${n} (${step.id}) failed: \`${command.join(' ')}\` ${timedOut ? `timed out after ${step.timeoutMinutes} min (exit 124)` : `exited ${exitCode}`}${attempts > 1 ? ` after ${attempts} attempts` : ''}.` +
          (failed && !timedOut ? `\n  failed command: ${failed}` : '') +
          (step.diagnose ? `\n  look first (read-only; the state is kept, nothing was destroyed):\n${step.diagnose.map((c) => `    ${resolveLine(c, vars, [])}`).join('\n')}` : '') +
          `\n  read: ${pageFile(step.troubleshooting)}\n  then run \`${runCommand()}\` to resume from this step`;
        await notifyFailure(step.id, message, options.root, out);
        throw new GuideError(message);
      }
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  out('\nguide: done');
  return 0;
}
