/**
 * Real `terraform validate` with a real AWS provider (the machine's plugin
 * mirror): every synthesized stack whose providers are all in the mirror, and
 * the EC2 template modules. Where terraform or the mirror is missing, the
 * suite is skipped with one loud line; it never fails for it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../scripts/lib/synth.js';
import { repoRoot } from '../helpers/repo.js';
import { skipLoudly, terraformTool, type TerraformTool } from '../helpers/tools.js';
import { AWS_6X_ONLY, configurationErrors, describe as explain, forMirror, init, validate } from '../helpers/terraform.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const found = terraformTool();
const tool: TerraformTool | undefined = 'missing' in found ? undefined : found;
if (!tool) skipLoudly('terraform validate with a real AWS provider', (found as { missing: string }).missing);

/** Providers terraform has built in (terraform_remote_state). */
const BUILTIN = new Set(['terraform']);

let tmp: string;
let stacks: Record<string, Json> = {};
let work: string;
beforeAll(() => {
  if (!tool) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-tf-validate-'));
  const outdir = synthesize({ profile: 'production', outdir: path.join(tmp, 'cdktf.out') }).outdir;
  for (const name of fs.readdirSync(path.join(outdir, 'stacks'))) stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  // One initialised directory serves every stack: they need the same provider and no modules.
  work = path.join(tmp, 'stack');
  fs.mkdirSync(work);
  fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify(forMirror(stacks.state!, tool.awsVersion).json));
  init(tool, work);
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const providers = (stack: Json) => Object.keys(stack.terraform?.required_providers ?? {}).filter((p) => !BUILTIN.has(p));
const awsOnly = () => Object.entries(stacks).filter(([, s]) => providers(s).every((p) => p === 'aws'));

function validateStack(json: Json) {
  fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify(json));
  return validate(tool!, work);
}

describe.skipIf(!tool)('terraform validate of the synthesized stacks (AWS provider from the plugin mirror)', () => {
  it('covers every stack that uses AWS alone, and says which ones need providers the mirror lacks', () => {
    const names = awsOnly().map(([n]) => n).sort();
    expect(names).toEqual(['cluster', 'database', 'edge', 'identity', 'network', 'observability', 'state']);
    const others = Object.entries(stacks).filter(([, s]) => !providers(s).every((p) => p === 'aws')).map(([n, s]) => `${n} (${providers(s).join(', ')})`);
    // Not validated here (only read, below): helm, http, kubernetes and coderd are not in the mirror.
    expect(others.sort()).toEqual(['coder (aws, coderd, kubernetes)', 'platform (aws, helm, http, kubernetes)', 'provisioners (aws, helm, kubernetes)']);
  });

  it('every AWS-only stack is valid', () => {
    for (const [name, stack] of awsOnly()) {
      const result = validateStack(forMirror(stack, tool!.awsVersion).json);
      expect(result.valid, `${name}:\n${explain(result)}`).toBe(true);
    }
  });

  it('the 6.x-only list is short, still synthesized, and really refused by the mirror\'s provider', () => {
    expect(AWS_6X_ONLY.length).toBeLessThanOrEqual(5);
    for (const entry of AWS_6X_ONLY) {
      const holder = Object.entries(stacks).find(([, s]) => Object.values((s.resource?.[entry.type] ?? {}) as Record<string, Json>).some((r) => entry.attribute in r));
      expect(holder, `${entry.type}.${entry.attribute} is synthesized somewhere (else drop it from the list)`).toBeDefined();
      // Keep this one attribute, drop the rest: 5.100 must refuse exactly it.
      const { json } = forMirror(holder![1], tool!.awsVersion, AWS_6X_ONLY.filter((e) => e !== entry));
      const result = validateStack(json);
      expect(result.valid).toBe(false);
      expect(explain(result)).toContain(`No argument or block type is named "${entry.attribute}"`);
    }
  });

  it("every stack, those with providers the mirror lacks too, is a configuration real Terraform reads without error (lifecycle arguments, expressions, ephemeral blocks)", () => {
    for (const [name, stack] of Object.entries(stacks)) {
      const dir = path.join(tmp, 'config', name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(stack));
      expect(configurationErrors(tool!, dir), name).toEqual([]);
    }
    // The check bites: the form cdktn writes for a resource in replace_triggered_by is refused.
    const coder = structuredClone(stacks.coder!);
    coder.resource.kubernetes_secret_v1['provisioner-key-secret'].lifecycle.replace_triggered_by = ['${coderd_provisioner_key.provisioner-key}'];
    const dir = path.join(tmp, 'config', 'coder-bad');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(coder));
    expect(configurationErrors(tool!, dir).join('\n')).toMatch(/Invalid expression|Expected the start of an expression/);
  });

  it("the platform stack's ephemeral Secrets Manager reads are valid for the real AWS provider", () => {
    const platform = stacks.platform!;
    const reads = Object.keys(platform.ephemeral?.aws_secretsmanager_secret_version ?? {});
    expect(reads.sort()).toEqual(['external-auth', 'observability-db', 'oidc']);
    // The AWS half of the stack: its provider and ephemeral blocks, each value used (as the secrets use it).
    const awsHalf = (ephemeral: Json) => ({
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: tool!.awsVersion } } },
      provider: { aws: platform.provider.aws },
      ephemeral,
      locals: { reads: reads.map((r) => `\${ephemeral.aws_secretsmanager_secret_version.${r}.secret_string}`) },
    });
    const result = validateStack(awsHalf(platform.ephemeral));
    expect(result.valid, explain(result)).toBe(true);
    const wrong = structuredClone(platform.ephemeral);
    wrong.aws_secretsmanager_secret_version.oidc.secret_name = wrong.aws_secretsmanager_secret_version.oidc.secret_id;
    expect(validateStack(awsHalf(wrong)).valid).toBe(false);
  });

  it('catches an argument the provider does not have (the check bites)', () => {
    const { json } = forMirror(stacks.edge!, tool!.awsVersion);
    const listener = Object.values(json.resource.aws_lb_listener as Record<string, Json>)[0]!;
    listener.idle_timeout_seconds = 3600;
    const result = validateStack(json);
    expect(result.valid).toBe(false);
    expect(explain(result)).toContain('idle_timeout_seconds');
  });
});

describe.skipIf(!tool)('terraform validate of the EC2 template modules', () => {
  // Copied with their siblings (the bases call ../shared-ec2-workspace), so init writes nothing into the repository.
  const MODULES = ['shared-ec2-workspace', 'base-ec2-linux', 'base-ec2-gpu'];
  // base-ec2-windows also needs hashicorp/random, which the mirror does not hold.
  const SKIPPED = { 'base-ec2-windows': 'needs hashicorp/random, not in the plugin mirror' };

  it.each(MODULES)('%s is valid', (module) => {
    const dir = path.join(tmp, 'templates');
    if (!fs.existsSync(dir)) {
      for (const m of [...MODULES, ...Object.keys(SKIPPED)]) fs.cpSync(path.join(repoRoot, 'templates', m), path.join(dir, m), { recursive: true });
    }
    init(tool!, path.join(dir, module));
    const result = validate(tool!, path.join(dir, module));
    expect(result.valid, explain(result)).toBe(true);
  });

  it('the one module left out needs a provider the mirror lacks', () => {
    const required = fs.readFileSync(path.join(repoRoot, 'templates', 'base-ec2-windows', 'main.tf'), 'utf8');
    expect(required).toContain('hashicorp/random');
    expect(fs.existsSync(path.join(tool!.pluginDir, 'registry.terraform.io', 'hashicorp', 'random'))).toBe(false);
    skipLoudly('terraform validate of base-ec2-windows', SKIPPED['base-ec2-windows']);
  });
});
