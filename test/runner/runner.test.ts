/**
 * npm run guide, run for real: the zx runner executes the guide's snippets
 * against a temporary PATH of recording stand-ins for the cloud CLIs, and
 * the tests read what was called, in which order, and what was recorded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';
import { makeStandIns, sandboxPath, type StandIns } from '../helpers/standins.js';
import { STEPS } from '../../scripts/lib/guide/steps.js';
import { deploymentFiles } from '../../scripts/lib/deployment-files.js';
import { loadDeployment } from '../../iac/deployment.js';

const TSX = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const cleanup: string[] = [];
afterEach(() => {
  for (const d of cleanup.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A deployment directory as a reader has it: snippets, generated files, templates' lock, and what synth wrote for `profile`. */
function workspace(profile = 'production'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-run-'));
  cleanup.push(root);
  for (const dir of ['snippets', 'generated']) fs.cpSync(path.join(repoRoot, dir), path.join(root, dir), { recursive: true });
  for (const file of deploymentFiles(loadDeployment(profile), 'cdktf.out/deployment', 'synth')) {
    fs.mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
    fs.writeFileSync(path.join(root, file.path), file.content);
  }
  fs.mkdirSync(path.join(root, 'templates'));
  fs.copyFileSync(path.join(repoRoot, 'templates', 'artifacts.lock.yaml'), path.join(root, 'templates', 'artifacts.lock.yaml'));
  return root;
}

function env(s: StandIns, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // A HOME of its own: bash started from Node sees socket stdio, takes itself for an rsh session
  // and reads ~/.bashrc, whose PATH could put the machine's real CLIs before the stand-ins.
  return { HOME: path.dirname(s.dir), PATH: sandboxPath(s), STANDIN_LOG: s.log, ...extra };
}

function guide(root: string, s: StandIns, args: string[], extra: Record<string, string> = {}) {
  // stdin /dev/null, as from cron or CI (a pipe or socket would make bash behave otherwise).
  const r = spawnSync(process.execPath, [TSX, path.join(repoRoot, 'scripts', 'guide.ts'), ...args, '--root', root], { cwd: root, env: env(s, extra), encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function state(root: string) {
  return JSON.parse(fs.readFileSync(path.join(root, '.guide', 'state.production.json'), 'utf8')) as { steps: Record<string, { status: string; attempts: number; exitCode?: number }> };
}

/** Marks the read-only pre-flight steps done, as after a first session. */
function preflightDone(root: string) {
  fs.mkdirSync(path.join(root, '.guide'), { recursive: true });
  const steps = Object.fromEntries(['config', 'quotas', 'dns', 'licence'].map((id) => [id, { status: 'done', attempts: 1, exitCode: 0, at: '2026-11-26T00:00:00Z' }]));
  fs.writeFileSync(path.join(root, '.guide', 'state.production.json'), JSON.stringify({ version: 1, profile: 'production', steps }));
}

// The state stack is applied from inside its directory (see bootstrap-state.sh); the others with -chdir.
const applies = (s: StandIns) => s.commands().filter((c) => / apply /.test(c)).map((c) => /stacks\/(\w+)/.exec(c)?.[1] ?? (c === 'terraform apply -input=false -auto-approve' ? 'state' : c));

// Each case starts the runner (tsx) once or twice and runs real bash snippets: generous under a loaded CI machine.
describe('npm run guide', { timeout: 120_000 }, () => {
  it('lists the steps in the guide\'s order, each with a page that exists', () => {
    const s = makeStandIns();
    const r = guide(workspace(), s, ['list']);
    expect(r.status).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(STEPS.length);
    lines.forEach((line, i) => expect(line).toContain(`${i + 1}. ${STEPS[i]!.id}`));
    for (const step of STEPS) expect(fs.existsSync(path.join(repoRoot, 'docs', `${step.page}.mdx`)), step.page).toBe(true);
    expect(STEPS.map((st) => st.args?.[0]).filter(Boolean)).toEqual(['network', 'cluster', 'database', 'edge', 'identity', 'observability']);
  });

  it('plan and run --dry-run execute nothing: every CLI on PATH is a tripwire', () => {
    const s = makeStandIns();
    const root = workspace();
    for (const args of [['plan'], ['run', '--dry-run', '--yes']]) {
      const r = guide(root, s, args, { STANDIN_TRIPWIRE: '1' });
      expect(r.status, r.out).toBe(0);
      expect(r.out).toContain('terraform -chdir="cdktf.out/stacks/network" apply -input=false -auto-approve');
      expect(r.out).toContain('--dns-name "example.com"');
      expect(r.out).toContain('smoke pod "swdev-small" "120"');
      // A default of a variable the script sets itself is not a value the plan can know.
      expect(r.out).toContain('"${have:-nothing}"');
      // Nor an expansion that changes a value, or a variable a loop reassigns.
      expect(r.out).toContain('name="${name#*.}"');
      expect(r.out).toContain('[[ -n "$caa" ]] && break');
      expect(r.out).toContain('nothing was run');
    }
    expect(s.all()).toEqual([]);
    expect(fs.existsSync(path.join(root, '.guide'))).toBe(false);
  });

  it('runs steps in order, stops at a failure with the step, command, exit code and page, and resumes without repeating finished steps', () => {
    const s = makeStandIns();
    const root = workspace();
    preflightDone(root);
    fs.mkdirSync(path.join(root, 'cdktf.out', 'stacks'), { recursive: true });
    // GUIDE_NOTIFY: the alert for a step that fails for good (here it writes the message to a file).
    const first = guide(root, s, ['run', '--yes'], { STANDIN_FAIL_MATCH: 'stacks/database apply', STANDIN_FAIL_CODE: '3', GUIDE_BACKOFF_SCALE: '0.001', GUIDE_NOTIFY: 'cat > "notified-$GUIDE_FAILED_STEP.txt"' });
    expect(first.status).toBe(1);
    expect(first.out).toContain('guide: step 8 (database) failed: `bash snippets/apply-stack.sh database` exited 3 after 2 attempts');
    expect(first.out).toMatch(/failed command: `terraform -chdir="\$dir" apply -input=false -auto-approve` exited 3 at snippets\/apply-stack\.sh:\d+/);
    // Aurora: the state is kept, and where to look comes with the names filled in.
    expect(first.out).toContain('aws rds describe-events --source-type db-cluster --source-identifier "coder-prod-coder" --duration 180');
    expect(first.out).toContain('guide: GUIDE_NOTIFY sent the failure');
    expect(fs.readFileSync(path.join(root, 'notified-database.txt'), 'utf8')).toContain('guide: step 8 (database) failed');
    expect(first.out).toContain('read: docs/operate/troubleshooting.mdx#while-provisioning');
    expect(applies(s)).toEqual(['state', 'network', 'cluster', 'database', 'database']);
    expect(s.commands()[0]).toBe('npm run synth -- --profile production');
    expect(state(root).steps.database).toMatchObject({ status: 'failed', attempts: 2, exitCode: 3 });
    expect(state(root).steps.cluster!.status).toBe('done');

    fs.writeFileSync(s.log, '');
    fs.rmSync(`${s.log}.failures`, { force: true });
    const second = guide(root, s, ['run', '--yes'], { STANDIN_FAIL_MATCH: 'aws eks update-kubeconfig', GUIDE_BACKOFF_SCALE: '0.001' });
    expect(second.out).toContain('7 step(s) already done');
    expect(applies(s)).toEqual(['database', 'edge', 'identity']);
    expect(second.status).toBe(1);
    expect(second.out).toContain('step 11 (install) failed');
    // The command inside the snippet that failed, as on-error.sh recorded it.
    expect(second.out).toContain('failed command: `aws eks update-kubeconfig --name "$GUIDE_NAME" --region "$AWS_REGION"` exited 1 at snippets/install-coder.sh:');
    expect(state(root).steps.database!.status).toBe('done');
  });

  it('runs the install and Coder steps to the end in an order a fresh deployment can follow', () => {
    const s = makeStandIns();
    const root = workspace();
    // Artifacts resolved for the account (the example lock stops the publish step, as it should).
    const lock = path.join(root, 'templates', 'artifacts.lock.yaml');
    fs.writeFileSync(lock, fs.readFileSync(lock, 'utf8').replace(/^source: example$/m, 'source: resolved'));
    for (const stack of ['coder', 'network', 'edge', 'database']) fs.mkdirSync(path.join(root, 'cdktf.out', 'stacks', stack), { recursive: true });
    const r = guide(root, s, ['run', '--only', 'install', '--yes'], { GUIDE_BACKOFF_SCALE: '0.001' });
    expect(r.status, r.out).toBe(0);
    const t = guide(root, s, ['run', '--only', 'templates', '--yes'], { CODER_URL: 'https://coder.example.com', CODER_SESSION_TOKEN: 'owner-token' });
    expect(t.status, t.out).toBe(0);
    const commands = s.commands();
    const at = (needle: string) => commands.findIndex((c) => c.includes(needle));
    // Every output of the coder stack is read after that stack was applied (the key before the provisioners)…
    const firstCoderApply = at('stacks/coder apply');
    expect(firstCoderApply).toBeGreaterThan(-1);
    for (const [i, c] of commands.entries()) if (c.includes('stacks/coder output')) expect(i, c).toBeGreaterThan(firstCoderApply);
    // …the provisioners run before the full apply that pushes templates…
    const fullApply = commands.map((c, i) => (c.includes('stacks/coder apply') && !c.includes('-target=') ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    expect(fullApply).toBeGreaterThan(firstCoderApply);
    expect(at('helm upgrade --install coder-provisioner')).toBeLessThan(fullApply);
    // …and coderd was installed in the step before, without the provisioners.
    expect(commands.findIndex((c) => c.startsWith('helm upgrade --install coder '))).toBeLessThan(at('stacks/coder apply'));
  });

  it('smoke-tests a pod and an EC2 workspace with names and parameters coder create accepts, deleting each', () => {
    const s = makeStandIns();
    const root = workspace();
    const r = guide(root, s, ['run', '--only', 'smoke', '--yes'], { CODER_URL: 'https://coder.example.com', CODER_SESSION_TOKEN: 'owner-token' });
    expect(r.status, r.out).toBe(0);
    const creates = s.commands().filter((c) => c.startsWith('coder create '));
    expect(creates).toHaveLength(2);
    expect(creates[0]).toMatch(/^coder create smoke-pod-\d+ --template swdev-small --parameter compute_profile=swdev-small --yes$/);
    expect(creates[1]).toMatch(/^coder create smoke-ec2-\d+ --template platform-devsecops --parameter compute_profile=platform-devsecops --yes$/);
    for (const c of creates) expect(s.commands()).toContain(`coder delete ${c.split(' ')[2]} --yes`);
  });

  it('retries with backoff where the step allows it (EKS creation) and records the attempts', () => {
    const s = makeStandIns();
    const root = workspace();
    fs.mkdirSync(path.join(root, 'cdktf.out', 'stacks', 'cluster'), { recursive: true });
    const r = guide(root, s, ['run', '--only', 'cluster', '--yes'], { STANDIN_FAIL_MATCH: 'stacks/cluster apply', STANDIN_FAIL_TIMES: '2', GUIDE_BACKOFF_SCALE: '0.001' });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('attempt 2 of 3');
    expect(r.out).toContain('attempt 3 of 3');
    expect(applies(s)).toEqual(['cluster', 'cluster', 'cluster']);
    expect(state(root).steps.cluster).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('checks preconditions before running anything: versions, missing tools, AWS account, Coder credentials', () => {
    const root = workspace();
    const old = makeStandIns();
    const r1 = guide(root, old, ['run', '--from', 'network', '--yes'], { STANDIN_TERRAFORM_VERSION: '1.10.5', STANDIN_ACCOUNT: '999999999999' });
    expect(r1.status).toBe(1);
    // Every selected step's tools and the AWS identity, before the first step runs.
    expect(r1.out).toContain('preconditions not met, nothing was run');
    expect(r1.out).toMatch(/terraform >= 1\.11\.0 is required; found terraform 1\.10\.5 \(the snippets run terraform when it is on PATH, else tofu\) \(needed by steps 6 \(network\), 7 \(cluster\)[^\n]*12 \(templates\)/);
    expect(r1.out).toMatch(/signed in to AWS account 999999999999, but the deployment's config names account 111122223333[^\n]*\(needed by steps 6 \(network\)/);
    expect(r1.out).not.toContain('CODER_URL');
    expect(old.commands()).toEqual([]);
    expect(fs.existsSync(path.join(root, '.guide'))).toBe(false);

    const r3 = guide(root, makeStandIns(), ['run', '--only', 'check-coder', '--yes']);
    expect(r3.status).toBe(1);
    expect(r3.out).toContain('CODER_URL and CODER_SESSION_TOKEN are not both set');

    const noKubectl = makeStandIns(['aws', 'helm', 'terraform', 'jq', 'envsubst', 'npm']);
    const r2 = guide(root, noKubectl, ['run', '--only', 'install', '--yes']);
    expect(r2.status).toBe(1);
    expect(r2.out).toMatch(/kubectl is not on PATH \(needed by step 11 \(install\)\)\n\s+fix: install it: https:\/\/kubernetes\.io/);
    expect(noKubectl.commands()).toEqual([]);

    // A late step's missing CLI stops the run before its first step.
    const noCoder = makeStandIns(['aws', 'kubectl', 'helm', 'terraform', 'jq', 'envsubst', 'npm', 'dig', 'curl']);
    const r4 = guide(root, noCoder, ['run', '--from', 'network', '--yes']);
    expect(r4.status).toBe(1);
    expect(r4.out).toMatch(/coder is not on PATH \(needed by steps 12 \(templates\), 15 \(smoke\)\)/);
    expect(noCoder.commands()).toEqual([]);
  });

  it('runs OpenTofu where Terraform is missing, and checks the version of the one it runs', () => {
    const root = workspace();
    fs.mkdirSync(path.join(root, 'cdktf.out', 'stacks', 'network'), { recursive: true });
    const tofuOnly = makeStandIns(['aws', 'tofu', 'jq', 'npm']);
    const r = guide(root, tofuOnly, ['run', '--only', 'network', '--yes']);
    expect(r.status, r.out).toBe(0);
    expect(tofuOnly.commands()).toEqual(['tofu -chdir=cdktf.out/stacks/network init -input=false', 'tofu -chdir=cdktf.out/stacks/network apply -input=false -auto-approve']);
    const oldTofu = makeStandIns(['aws', 'tofu', 'jq', 'npm']);
    const old = guide(root, oldTofu, ['run', '--only', 'network', '--yes'], { STANDIN_TERRAFORM_VERSION: '1.10.5' });
    expect(old.status).toBe(1);
    expect(old.out).toContain('tofu >= 1.11.0 is required; found tofu 1.10.5');
    expect(oldTofu.commands()).toEqual([]);
  });

  it('reads a tool\'s version from its standard output, whatever it warns on standard error', () => {
    const root = workspace();
    fs.mkdirSync(path.join(root, 'cdktf.out', 'stacks', 'network'), { recursive: true });
    const s = makeStandIns();
    const warning = 'Warning: Unable to open CLI configuration file 1.2.3';
    const r = guide(root, s, ['run', '--only', 'network', '--yes'], { STANDIN_STDERR_WARNING: warning });
    expect(r.status, r.out).toBe(0);
    expect(r.out).not.toContain('version unreadable');
    // A version that cannot be read is reported with what the tool said on stderr.
    const fresh = workspace();
    fs.mkdirSync(path.join(fresh, 'cdktf.out', 'stacks', 'network'), { recursive: true });
    const broken = guide(fresh, makeStandIns(), ['run', '--only', 'network', '--yes'], { STANDIN_TERRAFORM_VERSION: 'x', STANDIN_STDERR_WARNING: warning });
    expect(broken.status).toBe(1);
    expect(broken.out).toContain(`version unreadable from \`terraform version -json\``);
    expect(broken.out).toContain(`it said on stderr: ${warning}`);
  });

  it('refuses an empty or unknown selection, a bad time scale and a broken state file, naming each, before running anything', () => {
    const root = workspace();
    const s = makeStandIns();
    for (const args of [['--only', ''], ['--from', ''], ['--only', 'nope'], ['--only', '99']]) {
      const r = guide(root, s, ['run', ...args, '--yes']);
      expect(r.status, `${args.join(' ')}: ${r.out}`).toBe(2);
      expect(r.out).toMatch(args[1] === '' ? new RegExp(`${args[0]} needs a value`) : /no step "[^"]*": give a number from 1 to \d+ or an id/);
    }
    for (const value of ['abc', '0', '-1']) {
      const r = guide(root, s, ['run', '--only', 'network', '--yes'], { GUIDE_TIMEOUT_SCALE: value });
      expect(r.status, r.out).toBe(2);
      expect(r.out).toContain(`GUIDE_TIMEOUT_SCALE=${value} is not a positive number`);
    }
    fs.mkdirSync(path.join(root, '.guide'), { recursive: true });
    for (const content of ['null', '{"version": 1, "profile": "production", "steps": null}', '[]']) {
      fs.writeFileSync(path.join(root, '.guide', 'state.production.json'), content);
      const r = guide(root, s, ['run', '--only', 'network', '--yes']);
      expect(r.status, r.out).toBe(2);
      expect(r.out).toContain(`${path.join(root, '.guide', 'state.production.json')} is not a state file of profile production`);
      expect(r.out).not.toMatch(/Cannot read properties|\n\s+at /);
    }
    expect(s.commands()).toEqual([]);
  });

  it('asks before a change: without a terminal and without --yes it stops before the step', () => {
    const s = makeStandIns();
    const root = workspace();
    fs.mkdirSync(path.join(root, 'cdktf.out', 'stacks', 'network'), { recursive: true });
    const r = guide(root, s, ['run', '--only', 'network']);
    expect(r.status).toBe(2);
    expect(r.out).toContain('no terminal to ask; pass --yes');
    expect(s.commands()).toEqual([]);
  });

  it('records an interrupt and resumes the interrupted step', { timeout: 90_000 }, async () => {
    const s = makeStandIns();
    const root = workspace();
    preflightDone(root);
    fs.mkdirSync(path.join(root, 'cdktf.out', 'stacks'), { recursive: true });
    const child = spawn(process.execPath, [TSX, path.join(repoRoot, 'scripts', 'guide.ts'), 'run', '--yes', '--root', root], { cwd: root, env: env(s, { STANDIN_SLEEP_MATCH: 'stacks/network apply', STANDIN_SLEEP: '20' }), detached: true, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 400 && !s.commands().some((c) => c.includes('stacks/network apply')); i++) await new Promise((r) => setTimeout(r, 100));
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
    expect(state(root).steps.network!.status).toBe('interrupted');
    expect(state(root).steps.state!.status).toBe('done');
    fs.writeFileSync(s.log, '');
    // A plain run resumes at the interrupted step; the stand-ins stop it at the next one.
    const again = guide(root, s, ['run', '--yes'], { STANDIN_FAIL_MATCH: 'stacks/cluster apply', GUIDE_BACKOFF_SCALE: '0.001' });
    expect(again.out).toContain('5 step(s) already done');
    expect(applies(s)).toEqual(['network', 'cluster', 'cluster', 'cluster']);
    expect(state(root).steps.network!.status).toBe('done');
  });

  it('fails a step that outlives its time limit (exit 124), rather than recording an interrupt', { timeout: 90_000 }, () => {
    const s = makeStandIns();
    const root = workspace();
    preflightDone(root);
    fs.mkdirSync(path.join(root, 'cdktf.out', 'stacks', 'network'), { recursive: true });
    // The network step's 30 minutes scaled to about 1.5 s; its terraform apply takes 20 s.
    const r = guide(root, s, ['run', '--only', 'network', '--yes'], { STANDIN_SLEEP_MATCH: 'stacks/network apply', STANDIN_SLEEP: '20', GUIDE_TIMEOUT_SCALE: String(1.5 / (30 * 60)) });
    expect(r.status, r.out).toBe(1);
    expect(r.out).toMatch(/step 6 \(network\) failed: `bash snippets\/apply-stack\.sh network` timed out after 30 min \(exit 124\)/);
    expect(state(root).steps.network).toMatchObject({ status: 'failed', exitCode: 124 });
  });

  it("refuses to run a profile other than the one cdktf.out was synthesized from, and a clone with nothing synthesized, before any step", () => {
    const s = makeStandIns();
    const root = workspace('production');
    const r = guide(root, s, ['run', '--yes', '--profile', 'evaluation', '--from', 'quotas']);
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/cdktf\.out holds the stacks of coder-prod, not of profile "evaluation" \(coder-eval\)[^\n]*\n\s+fix: run `npm run guide -- run --only config --profile evaluation`/);
    const bare = workspace();
    fs.rmSync(path.join(bare, 'cdktf.out'), { recursive: true });
    const missing = guide(bare, s, ['run', '--yes', '--from', 'quotas']);
    expect(missing.status).toBe(2);
    expect(missing.out).toMatch(/cdktf\.out\/deployment\/guide\.env is missing/);
    expect(s.commands()).toEqual([]);
  });

  it("plans with the selected profile's names, whatever cdktf.out and generated/ hold", () => {
    const s = makeStandIns();
    const root = workspace('production');
    const r = guide(root, s, ['plan', '--profile', 'evaluation', '--only', 'install']);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('aws eks update-kubeconfig --name "coder-eval" --region "us-east-1"');
    expect(r.out).not.toContain('coder-prod');
    expect(s.all()).toEqual([]);
  });

  it('refuses bad usage with exit 2', () => {
    const s = makeStandIns();
    expect(guide(workspace(), s, ['run', '--only', 'nope']).status).toBe(2);
    expect(guide(workspace(), s, ['deploy']).status).toBe(2);
  });
});
