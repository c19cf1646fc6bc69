/** The CI templates users copy: they parse, carry every required step, and pin their actions. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from '../helpers/repo.js';
import { synthesize } from '../../scripts/lib/synth.js';
import { stackOrder } from '../../scripts/lib/stack-order.js';

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
type Workflow = { on: Record<string, { inputs?: Record<string, unknown> }>; permissions?: Record<string, string>; jobs: Record<string, { steps: Step[]; needs?: string; permissions?: Record<string, string> }> };

const github = YAML.parse(fs.readFileSync(path.join(repoRoot, 'ci-templates/github-actions.yml'), 'utf8')) as Workflow;
const gitlab = YAML.parse(fs.readFileSync(path.join(repoRoot, 'ci-templates/gitlab-ci.yml'), 'utf8'), { merge: true }) as Record<string, { script?: Array<string | string[]>; artifacts?: { paths: string[] }; id_tokens?: unknown; needs?: string[] }> & { stages: string[]; default: { image: string; cache: unknown } };

const runs = (job: { steps: Step[] }) => job.steps.map((s) => s.run ?? '').join('\n');
const scripts = (job: { script?: Array<string | string[]> }) => (job.script ?? []).flat().join('\n');

/** What every pipeline must do, as patterns over its commands. */
const VERIFY = [/npm ci/, /npm run fetch:charts/, /npm run (generate|synth)/, /terraform fmt -check/, /init -backend=false/, /terraform .*validate/, /npm run check:drift/, /npm test/, /npm run build/];
const PLAN = [/npm run synth/, /stacks:order -- --aws-only/, /terraform .*plan .*-out=/];

describe('GitHub Actions template', () => {
  it('verifies, then plans with the role ARN given as an input through OIDC', () => {
    expect(Object.keys(github.jobs)).toEqual(['verify', 'plan']);
    for (const pattern of VERIFY) expect(runs(github.jobs.verify!)).toMatch(pattern);
    for (const pattern of PLAN) expect(runs(github.jobs.plan!)).toMatch(pattern);
    expect(github.jobs.plan!.needs).toBe('verify');
    expect(github.on.workflow_call!.inputs).toHaveProperty('aws-role-arn');
    expect(github.jobs.plan!.permissions).toMatchObject({ 'id-token': 'write' });
    const aws = github.jobs.plan!.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))!;
    expect(aws.with!['role-to-assume']).toBe('${{ inputs.aws-role-arn }}');
  });

  it('caches the fetched reference charts outside node_modules, keyed on the chart pins', () => {
    expect((github as unknown as { env: Record<string, string> }).env.GUIDE_REFERENCE_CACHE).toBe('.cache/guide-reference');
    const cache = github.jobs.verify!.steps.find((s) => s.uses?.startsWith('actions/cache'))!;
    expect(cache.with).toMatchObject({ path: '.cache/guide-reference' });
    expect(String(cache.with!.key)).toContain("hashFiles('iac/helm/charts.ts', 'iac/helm/chart-digests.json')");
    const steps = github.jobs.verify!.steps;
    expect(steps.indexOf(cache)).toBeGreaterThan(steps.findIndex((s) => /npm ci/.test(s.run ?? '')));
    const caches = gitlab.default.cache as Array<{ key: { files: string[] }; paths: string[] }>;
    expect(caches.find((c) => c.paths.includes('.cache/guide-reference/'))!.key.files).toEqual(['iac/helm/charts.ts', 'iac/helm/chart-digests.json']);
  });

  it('clones the whole history where the tests run (template releases name their commits)', () => {
    const checkout = (github.jobs.verify!.steps as Array<{ uses?: string; with?: Record<string, unknown> }>).find((st) => st.uses?.startsWith('actions/checkout'))!;
    expect(checkout.with?.['fetch-depth']).toBe(0);
    expect((gitlab as unknown as { variables: Record<string, string> }).variables.GIT_DEPTH).toBe('0');
  });

  it('caches npm and uploads the plans and the built site', () => {
    for (const job of Object.values(github.jobs)) expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node'))!.with).toMatchObject({ cache: 'npm', 'node-version': 20 });
    const uploads = Object.values(github.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).map((s) => String(s.with!.path)));
    expect(uploads.join('\n')).toMatch(/build/);
    expect(uploads.join('\n')).toMatch(/tfplan/);
  });

  it('pins every third-party action to a version or a commit', () => {
    const uses = Object.values(github.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter(Boolean)) as string[];
    expect(uses.length).toBeGreaterThan(5);
    for (const u of uses) expect(u, u).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
  });
});

describe('GitLab CI template', () => {
  it('has the same verify and plan stages and steps', () => {
    expect(gitlab.stages).toEqual(['verify', 'plan']);
    for (const pattern of VERIFY) expect(scripts(gitlab.verify!)).toMatch(pattern);
    for (const pattern of PLAN) expect(scripts(gitlab.plan!)).toMatch(pattern);
    expect(gitlab.plan!.needs).toEqual(['verify']);
    expect(gitlab.plan!.id_tokens).toBeDefined();
    expect(gitlab.verify!.artifacts!.paths).toContain('build/');
    expect(gitlab.plan!.artifacts!.paths.join()).toMatch(/tfplan/);
    expect(gitlab.default.image).toMatch(/^node:20-[a-z]+$/);
    expect(gitlab.default.cache).toBeDefined();
  });
});

describe('stack order', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'order-'));
  let dir: string;
  beforeAll(() => {
    dir = synthesize({ profile: 'production', outdir: path.join(tmp, 'cdktf.out') }).outdir;
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('puts every stack after the stacks it reads state from, state first', () => {
    const order = stackOrder(dir);
    expect(order[0]).toBe('state');
    for (const stack of order) {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { data?: { terraform_remote_state?: Record<string, { config: { key: string } }> } };
      for (const r of Object.values(json.data?.terraform_remote_state ?? {})) {
        const dep = path.basename(r.config.key, '.tfstate');
        expect(order.indexOf(dep), `${stack} after ${dep}`).toBeLessThan(order.indexOf(stack));
      }
    }
    expect(order.indexOf('coder')).toBeGreaterThan(order.indexOf('platform'));
  });

  it('puts each Helm release after the stack that creates the Pod Identity association of its service account', () => {
    // EKS injects Pod Identity credentials only into pods created after their association exists.
    const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
    const order = stackOrder(dir);
    const associations = new Map<string, string>();
    for (const stack of order) {
      for (const a of Object.values(read(stack).resource?.aws_eks_pod_identity_association ?? {})) associations.set(`${a.namespace}/${a.service_account}`, stack);
    }
    // The service account each release runs as, read from the values it installs.
    const serviceAccount = (values: Record<string, any>): string | undefined => values.coder?.serviceAccount?.name ?? values.serviceAccount?.name ?? values.rbac?.serviceAccount?.name; // eslint-disable-line @typescript-eslint/no-explicit-any
    let checked = 0;
    for (const stack of order) {
      for (const release of Object.values(read(stack).resource?.helm_release ?? {})) {
        // The values are embedded in the release (its first document).
        const sa = serviceAccount(YAML.parse((release.values as string[])[0]!));
        const creator = sa && associations.get(`${release.namespace}/${sa}`);
        if (!creator) continue;
        checked += 1;
        expect(order.indexOf(creator), `${release.name} (${stack}) after ${creator}`).toBeLessThan(order.indexOf(stack));
      }
    }
    // coderd, the load balancer controller, the autoscaler and the provisioners.
    expect(checked).toBe(4);
  });

  it('--aws-only leaves out the stacks that need a live cluster or Coder', () => {
    expect(stackOrder(dir, { awsOnly: true })).toEqual(['state', 'network', 'cluster', 'database', 'edge', 'identity', 'observability']);
  });
});
