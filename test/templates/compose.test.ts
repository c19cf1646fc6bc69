/**
 * npm run compose: the CLI as users run it (exit codes, messages, --out),
 * refusals that name what is wrong, and atomic writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';
import { declaredVariables, parseDir, referencedVariables } from '../helpers/hcl.js';
import { commitAll, copyTemplates, edit, git, pinned, PROJECT_HISTORY, stableVersion } from '../helpers/templates.js';
import { skipLoudly } from '../helpers/tools.js';
import { resolveLayer } from '../../templates/compose/layer-releases.js';
import { compose, writeComposition } from '../../templates/compose/compose.js';
import { distributionChoices } from '../../templates/compose/distribution.js';
import { composeAll, composedDrift } from '../../templates/compose/all.js';
import { buildArgs } from '../../templates/compose/build-args.js';
import { publishRelease } from '../../templates/compose/release.js';
import { LayerError, loadBase, loadReleases } from '../../templates/compose/layers.js';
import { loadDeployment } from '../../iac/deployment.js';
import { TSHIRT_SIZES, isGpuSize } from '../../iac/coder/catalog.js';
import { INSTANCE_TYPES, workspaceInstanceType } from '../../iac/capacity/instances.js';

const deployment = loadDeployment('production');
// Composing reads the project's releases from its history: without it (a shallow clone) the suite says so and skips.
if (PROJECT_HISTORY) skipLoudly('composing the project\'s releases', PROJECT_HISTORY);
const SWDEV = stableVersion('swdev-toolchain');
const K8S = stableVersion('base-k8s');
const LINUX = stableVersion('base-ec2-linux');
// Made only where the suites run (vitest runs no hooks for a file whose tests are all skipped).
const tmp = PROJECT_HISTORY ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'guide-compose-'));
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function cli(...args: string[]) {
  return spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'scripts', 'compose.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
}

/** The CLI against a copy of templates/ (--root), run from inside it so nothing defaults into the repository. */
function cliIn(root: string, ...args: string[]) {
  return spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'scripts', 'compose.ts'), ...args, '--root', root], { cwd: root, encoding: 'utf8' });
}

async function refusal(root: string, request: Parameters<typeof compose>[1]): Promise<string> {
  try {
    await compose(root, request, deployment);
  } catch (error) {
    expect(error).toBeInstanceOf(LayerError);
    return (error as Error).message;
  }
  throw new Error('composition was expected to be refused');
}

describe.skipIf(PROJECT_HISTORY !== undefined)('npm run compose (CLI)', { timeout: 120_000 }, () => {
  it('composes a pairing into --out with provenance, versions defaulting to the stable channel', () => {
    const out = path.join(tmp, 'swdev-k8s');
    const result = cli('swdev-toolchain', 'base-k8s', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`swdev-toolchain@${SWDEV} + base-k8s@${K8S}`);
    const provenance = JSON.parse(fs.readFileSync(path.join(out, 'provenance.json'), 'utf8'));
    expect(provenance.toolchain).toMatchObject({ name: 'swdev-toolchain', version: SWDEV, channel: 'stable' });
    expect(fs.existsSync(path.join(out, 'modules', 'base-k8s', 'main.tf'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'toolchain', 'bootstrap', 'install.sh'))).toBe(true);
  });

  it('refuses a pairing that breaks the contract with exit 1 and the missing capability', () => {
    const result = cli('windev-toolchain', 'base-ec2-linux', '--out', path.join(tmp, 'never'));
    expect(result.status).toBe(1);
    // The os is a capability like the others: both requirements are in the one list.
    expect(result.stderr).toContain(`windev-toolchain@${stableVersion('windev-toolchain')} cannot run on base-ec2-linux@${LINUX}: the base does not implement 2 required capabilities`);
    expect(result.stderr).toContain(`  - os: "windows" required, base-ec2-linux@${LINUX} offers "linux"`);
    expect(result.stderr).toContain(`  - gui-rdp: true required, base-ec2-linux@${LINUX} does not implement it`);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  it('refuses a guarded override without its permit, naming the rule, and accepts it with the permit', () => {
    const refused = cli('swdev-toolchain', 'base-k8s', '--override', 'network_egress=unrestricted', '--out', path.join(tmp, 'refused'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('refused by rule egress-mode (guards network-policy');
    expect(refused.stderr).toContain('--permit egress-mode');
    const out = path.join(tmp, 'permitted');
    const ok = cli('swdev-toolchain', 'base-k8s', '--override', 'network_egress=unrestricted', '--permit', 'egress-mode', '--out', out);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('override network_egress=unrestricted (rule egress-mode, guarded: network-policy, permitted)');
    expect(fs.readFileSync(path.join(out, 'main.tf'), 'utf8')).toMatch(/network_egress = "unrestricted"/);
  });

  it('refuses an unguarded override that undoes a capability the toolchain requires; one it leaves open takes effect everywhere', async () => {
    const root = repoRoot;
    const message = await refusal(root, { name: 'x', toolchain: 'swdev-toolchain', base: 'base-k8s', overrides: [{ name: 'persistent_home', value: 'false' }] });
    expect(message).toMatch(/--override persistent_home=false: swdev-toolchain requires persistent-home: true/);
    // A toolchain that leaves persistent-home open: the same override is a choice, and reaches the base and the provenance.
    const copy = copyTemplates();
    edit(copy, 'templates/swdev-toolchain/toolchain.yaml', (t) => t.replace('    - persistent-home: true\n', ''));
    const open = await compose(copy, { name: 'x', toolchain: 'swdev-toolchain@dev', base: 'base-k8s', overrides: [{ name: 'persistent_home', value: 'false' }] }, deployment);
    expect(open.files.get('main.tf')).toMatch(/persistent_home = "false"/);
    expect(open.provenance.overrides).toEqual([{ name: 'persistent_home', value: 'false', rule: 'persistent-home' }]);
    // An optional capability the base implements is on when enabled: the desktop gets the pinned KasmVNC module.
    const desktop = await compose(copy, { name: 'x', toolchain: 'swdev-toolchain@dev', base: 'base-k8s', enable: ['gui-vnc'] }, deployment);
    expect(Object.keys(desktop.provenance.registry_modules)).toContain('kasmvnc');
    expect(desktop.files.get('main.tf')).toMatch(/module "kasmvnc" \{/);
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('never replaces a directory it did not write: --out on a non-empty directory without provenance.json is refused with exit 2 and left as it was', () => {
    const mine = path.join(tmp, 'my-project');
    fs.mkdirSync(path.join(mine, 'src'), { recursive: true });
    fs.writeFileSync(path.join(mine, 'src', 'keep.txt'), 'keep');
    const refused = cli('swdev-toolchain', 'base-k8s', '--out', mine);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`--out ${mine}: the directory is not empty and holds no provenance.json`);
    expect(fs.readFileSync(path.join(mine, 'src', 'keep.txt'), 'utf8')).toBe('keep');
    expect(fs.readdirSync(tmp).filter((e) => e.includes('.tmp-'))).toEqual([]);
    // The repository itself is such a directory.
    const repo = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'scripts', 'compose.ts'), 'swdev-toolchain', 'base-k8s', '--out', '.'], { cwd: repoRoot, encoding: 'utf8' });
    expect(repo.status).toBe(2);
    expect(fs.existsSync(path.join(repoRoot, 'package.json'))).toBe(true);
  });

  it('replaces an earlier composition in place, and writes directories 0755 and files 0644 whatever the umask', () => {
    const out = path.join(tmp, 'modes');
    writeComposition(out, new Map([['provenance.json', JSON.stringify({ composition: 'modes', toolchain: { name: 't' }, base: { name: 'b' } })], ['old.tf', 'old\n']]));
    const previous = process.umask(0o077);
    try {
      writeComposition(out, new Map([['provenance.json', JSON.stringify({ composition: 'modes', toolchain: { name: 't' }, base: { name: 'b' } })], ['modules/b/main.tf', 'x\n'], ['toolchain/bootstrap/install.sh', '#!/bin/sh\n']]));
    } finally {
      process.umask(previous);
    }
    const mode = (rel: string) => (fs.statSync(path.join(out, rel)).mode & 0o777).toString(8);
    expect(fs.existsSync(path.join(out, 'old.tf'))).toBe(false);
    expect([mode('.'), mode('modules'), mode('modules/b'), mode('toolchain/bootstrap')]).toEqual(['755', '755', '755', '755']);
    expect([mode('provenance.json'), mode('modules/b/main.tf'), mode('toolchain/bootstrap/install.sh')]).toEqual(['644', '644', '755']);
  });

  it('a bad version or a malformed --override is a usage error (exit 2) naming the layer or flag and what is valid; the example it gives works', () => {
    for (const spec of ['1.2', 'v1.2.0']) {
      const bad = cli(`swdev-toolchain@${spec}`, 'base-k8s');
      expect(bad.status, spec).toBe(2);
      expect(bad.stderr).toContain(`compose: swdev-toolchain@${spec}: "${spec}" is neither a channel (stable, beta), dev, nor an exact semantic version such as 1.2.0 (did you mean 1.2.0?); swdev-toolchain's releases: 1.2.0 [stable], `);
      expect(bad.stderr).toContain('usage: npm run compose');
    }
    const unknown = cli('swdev', 'base-k8s');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('swdev: not a toolchain or base under templates/ (toolchains: datasci-toolchain, swdev-toolchain, windev-toolchain;');
    const override = cli('swdev-toolchain', 'base-k8s', '--override', 'foo');
    expect(override.status).toBe(2);
    expect(override.stderr).toContain('--override "foo": write name=value, for example --override network_egress=unrestricted --permit egress-mode; the base allows: network_egress (none, https-only, unrestricted) with --permit egress-mode;');
    expect(override.stderr).toContain('persistent_home (true, false)');
    const example = /for example (--override \S+) (--permit [a-z-]+)/.exec(override.stderr)!;
    const works = cli('swdev-toolchain', 'base-ec2-linux', ...example[1]!.split(' '), ...example[2]!.split(' '), '--out', path.join(tmp, 'example'));
    expect(works.stderr).toBe('');
    expect(works.status).toBe(0);
  });

  it('never writes outside its target: a --name (or layer) that is not one safe directory name is refused with exit 2 and nothing written', () => {
    const root = copyTemplates();
    try {
      for (const args of [['--name', '../../escaped'], ['--name', '..'], ['--name', 'a/b'], ['--name', '.hidden']]) {
        const result = cliIn(root, 'swdev-toolchain', 'base-k8s', ...args);
        expect(result.status, args.join(' ')).toBe(2);
        expect(result.stderr, args.join(' ')).toContain(`--name "${args[1]}": one directory name`);
      }
      expect(fs.existsSync(path.join(root, 'escaped'))).toBe(false);
      expect(fs.existsSync(path.join(root, 'templates', 'composed'))).toBe(false);
      expect(fs.readdirSync(root).filter((e) => e !== '.git' && e !== '.gitignore')).toEqual(['templates']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a base whose local module source climbs out of templates/, for compose and for release, writing nothing', async () => {
    const root = copyTemplates();
    const history = fs.readFileSync(path.join(root, 'templates/base-ec2-linux/releases.yaml'), 'utf8');
    try {
      fs.mkdirSync(path.join(root, 'evil'));
      fs.writeFileSync(path.join(root, 'evil', 'main.tf'), '# outside templates/\n');
      for (const source of ['../../evil', '../shared-ec2-workspace/../../evil', '../../../evil']) {
        edit(root, 'templates/base-ec2-linux/main.tf', (t) => t.replace(/source = "\.\.\/[^"]*"/, `source = "${source}"`));
        const out = path.join(tmp, 'evil-out', 'x');
        const composed = cliIn(root, 'swdev-toolchain', 'base-ec2-linux@dev', '--out', out);
        expect(composed.status, source).toBe(1);
        expect(composed.stderr, source).toContain(`module "instance": source = "${source}" is outside templates/`);
        expect(fs.existsSync(path.join(tmp, 'evil-out')), source).toBe(false);
        const released = cliIn(root, 'release', 'base-ec2-linux', '9.0.0', '--change', 'breaking:x');
        expect(released.status, source).toBe(1);
        expect(released.stderr, source).toContain('is outside templates/');
        expect(fs.readFileSync(path.join(root, 'templates/base-ec2-linux/releases.yaml'), 'utf8'), source).toBe(history);
      }
      // Only the (git-ignored) release files compose read from history appear beside them.
      expect(fs.readdirSync(root).filter((e) => e !== '.git' && e !== '.gitignore' && e !== '.releases').sort()).toEqual(['evil', 'templates']);
      expect(git(root, 'status', '--porcelain')).toBe(' M templates/base-ec2-linux/main.tf\n?? evil/\n');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('answers bad usage with exit 2 and the usage line', () => {
    const result = cli('swdev-toolchain');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: npm run compose');
  });

  it('resolves channels and pins from the releases; a bad or unknown version is a usage error (exit 2) that names the layer and lists its releases', () => {
    const beta = cli('windev-toolchain@beta', 'base-ec2-windows', '--out', path.join(tmp, 'windev-beta'));
    expect(beta.status).toBe(0);
    expect(beta.stdout).toContain(`windev-toolchain@${stableVersion('windev-toolchain')}`);
    const missing = cli('swdev-toolchain@9.0.0', 'base-k8s', '--out', path.join(tmp, 'missing'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('swdev-toolchain@9.0.0: swdev-toolchain has no release 9.0.0; its releases: 1.2.0 [stable], ');
    const bad = cli('swdev-toolchain@latest', 'base-k8s');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('swdev-toolchain@latest: "latest" is neither a channel (stable, beta), dev, nor an exact semantic version');
  });
});

describe.skipIf(PROJECT_HISTORY !== undefined)('compose (library)', { timeout: 60_000 }, () => {
  it('a GPU size promises the GPUs its instance type has: one (every g4dn and g5 type of the catalog up to 8xlarge has one NVIDIA GPU)', () => {
    const singleGpu = ['g4dn.xlarge', 'g4dn.2xlarge', 'g4dn.4xlarge', 'g4dn.8xlarge', 'g5.xlarge', 'g5.2xlarge', 'g5.4xlarge', 'g5.8xlarge'];
    for (const size of TSHIRT_SIZES.filter(isGpuSize)) {
      expect(singleGpu, size.name).toContain(workspaceInstanceType({ vcpu: size.vcpu, memoryGiB: size.memoryGiB }, true));
      expect(size.audience, size.name).toMatch(/\b1 NVIDIA [A-Z0-9]+ GPU\b/);
      expect(size.audience, size.name).not.toMatch(/optional|N GPUs|GPUs/);
    }
  });

  it('the compute profile is fixed at workspace creation (its home sizes differ; each size is its own template), in every published composition', async () => {
    for (const name of fs.readdirSync(path.join(repoRoot, 'templates', 'composed'))) {
      const main = (await parseDir(path.join(repoRoot, 'templates', 'composed', name))).get('main.tf')!;
      const parameter = ((main.data as Record<string, Record<string, Array<Record<string, unknown>>>>).coder_parameter!.compute_profile![0]!);
      expect(parameter.mutable, name).toBe(false);
    }
  });

  it('every variable a base or shared module declares is used (base-ec2-windows had a gui_rdp that did nothing)', async () => {
    for (const dir of ['base-k8s', 'base-ec2-linux', 'base-ec2-gpu', 'base-ec2-windows', 'shared-ec2-workspace']) {
      const files = await parseDir(path.join(repoRoot, 'templates', dir));
      const used = referencedVariables(files);
      expect([...declaredVariables(files)].filter((v) => !used.has(v)), dir).toEqual([]);
    }
  });

  it('every pairing compose accepts gives its base instance types that the base\'s own instance_type validation accepts (a GPU base gets GPU types whatever the toolchain says)', async () => {
    // The validation condition, read from the composed copy of the base's variables.tf by the HCL
    // parser and evaluated for the two forms the bases use: contains([...], var.x) and can(regex("...", var.x)).
    const accepts = (condition: string): ((type: string) => boolean) => {
      const list = /^\$\{contains\((\[[^\]]*\]), var\.instance_type\)\}$/.exec(condition);
      if (list) return (type) => (JSON.parse(list[1]!) as string[]).includes(type);
      const re = /^\$\{can\(regex\(("(?:[^"\\]|\\.)*"), var\.instance_type\)\)\}$/.exec(condition);
      if (re) return (type) => new RegExp(JSON.parse(re[1]!) as string).test(type);
      throw new Error(`instance_type validation this test cannot evaluate: ${condition}`);
    };
    let checked = 0;
    for (const toolchain of ['swdev-toolchain', 'windev-toolchain', 'datasci-toolchain']) {
      for (const base of ['base-ec2-linux', 'base-ec2-gpu', 'base-ec2-windows']) {
        for (const channel of ['stable', 'dev']) {
          let files;
          try {
            ({ files } = await compose(repoRoot, { name: 'x', toolchain, base: `${base}@${channel}` }, deployment));
          } catch (error) {
            if (error instanceof LayerError) continue;
            throw error;
          }
          const dir = fs.mkdtempSync(path.join(tmp, 'types-'));
          writeComposition(dir, files);
          const variable = (await parseDir(path.join(dir, 'modules', base))).get('variables.tf')!.variable as Record<string, Array<{ validation: Array<{ condition: string }> }>>;
          const checks = variable.instance_type![0]!.validation.map((v) => accepts(v.condition));
          const types = [...files.get('main.tf')!.matchAll(/instance_type = "([^"]+)"/g)].map((m) => m[1]!);
          expect(types.length, `${toolchain} on ${base}@${channel}`).toBeGreaterThan(0);
          for (const type of types) expect(checks.every((ok) => ok(type)), `${toolchain} on ${base}@${channel}: ${type}`).toBe(true);
          checked++;
        }
      }
    }
    // swdev and windev never mention gpu-support, datasci does; both kinds reach the GPU base.
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('each EC2 compute profile gets the smallest catalog instance type that fits it', async () => {
    const { files } = await compose(repoRoot, { name: 'x', toolchain: 'datasci-toolchain', base: 'base-ec2-gpu' }, deployment);
    const main = files.get('main.tf')!;
    for (const name of ['datasci-standard', 'datasci-large', 'datasci-xlarge']) {
      const size = TSHIRT_SIZES.find((s) => s.name === name)!;
      const type = new RegExp(`${name} = \\{[^}]*instance_type = "([^"]+)"`, 's').exec(main)![1]!;
      const spec = INSTANCE_TYPES[type as keyof typeof INSTANCE_TYPES];
      expect(spec.family).toBe('gpu');
      expect(spec.vcpu).toBeGreaterThanOrEqual(size.vcpu);
      expect(spec.memoryGiB).toBeGreaterThanOrEqual(size.memoryGiB);
    }
  });

  it('never drops a requirement: a capability no base implements (identity-mode, secrets-injection, artifact-cache; gui-vnc but where it works) is refused on every base, by name', async () => {
    const root = copyTemplates();
    const unimplemented = ['identity-mode: iam', 'secrets-injection: variables', 'artifact-cache: true', 'gui-vnc: true'];
    edit(root, 'templates/datasci-toolchain/toolchain.yaml', (t) => t.replace('  required:\n', `  required:\n${unimplemented.map((u) => `    - ${u}\n`).join('')}`));
    for (const base of ['base-k8s', 'base-ec2-linux', 'base-ec2-gpu']) {
      const message = await refusal(root, { name: 'x', toolchain: 'datasci-toolchain@dev', base });
      for (const u of unimplemented) {
        const [name, value] = u.split(': ') as [string, string];
        // base-ec2-linux implements gui-vnc, on Ubuntu only: on its default Amazon Linux it is refused for that.
        if (base === 'base-ec2-linux' && name === 'gui-vnc') expect(message).toMatch(/gui-vnc: base-ec2-linux@\S+ implements it only on os-distribution ubuntu-22\.04 or ubuntu-24\.04, and this composition runs amazon-linux-2023/);
        // base-k8s implements it from an image with a desktop on Ubuntu: the datasci image names neither.
        else if (base === 'base-k8s' && name === 'gui-vnc') expect(message).toMatch(/gui-vnc: a pod cannot install a desktop when it starts/);
        else expect(message).toMatch(new RegExp(`  - ${name}: ${JSON.stringify(value === 'true' ? true : value)} required, ${base}@\\S+ does not implement it`));
      }
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the distribution, both ways: a toolchain that needs one is refused on a base without it and boots its AMI on a base with it; one whose image is built on another is refused when read', async () => {
    const root = copyTemplates();
    edit(root, 'templates/datasci-toolchain/toolchain.yaml', (t) => t.replace('  required:\n', '  required:\n    - os-distribution: ubuntu-24.04\n'));
    const gpu = await refusal(root, { name: 'x', toolchain: 'datasci-toolchain@dev', base: 'base-ec2-gpu' });
    expect(gpu).toMatch(/  - os-distribution: "ubuntu-24\.04" required, base-ec2-gpu@\S+ offers "amazon-linux-2023", "ubuntu-22\.04"/);
    edit(root, 'templates/artifacts.lock.yaml', (t) => t.replace(`base-ec2-linux@${stableVersion('base-ec2-linux')}/ubuntu-24.04: ami-00000000000000000`, `base-ec2-linux@${stableVersion('base-ec2-linux')}/ubuntu-24.04: ami-0abcabcabcabcabc2`));
    const { provenance, files } = await compose(root, { name: 'x', toolchain: 'datasci-toolchain@dev', base: 'base-ec2-linux' }, deployment);
    expect(provenance.artifact).toMatchObject({ image_id: 'ami-0abcabcabcabcabc2', os_distribution: 'ubuntu-24.04' });
    expect(files.get('main.tf')).toMatch(/os_distribution\s+= "ubuntu-24\.04"/);
    // The image of a pod is the distribution: requiring another one than it is built on is refused.
    edit(root, 'templates/swdev-toolchain/toolchain.yaml', (t) => t.replace('  required:\n', '  required:\n    - os-distribution: amazon-linux-2023\n'));
    expect(await refusal(root, { name: 'x', toolchain: 'swdev-toolchain@dev', base: 'base-k8s' })).toContain('capabilities.required: os-distribution: amazon-linux-2023, but image.distribution is ubuntu-24.04');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lets the owner pick the distribution where nothing fixes it: one option per distribution the base offers and a capability that is on can run on, each with its AMI', async () => {
    const base = { kind: 'ec2' as const, implemented: { 'os-distribution': ['amazon-linux-2023', 'ubuntu-22.04', 'ubuntu-24.04'] }, requires: { 'gui-vnc': { 'os-distribution': ['ubuntu-22.04', 'ubuntu-24.04'] } } };
    expect(distributionChoices(base, undefined, {})).toEqual(['amazon-linux-2023', 'ubuntu-22.04', 'ubuntu-24.04']);
    expect(distributionChoices(base, undefined, { 'gui-vnc': true })).toEqual(['ubuntu-22.04', 'ubuntu-24.04']);
    expect(distributionChoices(base, 'ubuntu-24.04', {})).toEqual([]);
    expect(distributionChoices({ ...base, kind: 'kubernetes' }, undefined, {})).toEqual([]);
    expect(distributionChoices({ ...base, implemented: { 'os-distribution': ['windows-server-2022'] } }, undefined, {})).toEqual([]);
    // In a composed template: the parameter, fixed at creation, and the AMI of the one picked.
    const { files, provenance } = await compose(repoRoot, { name: 'x', toolchain: 'swdev-toolchain', base: 'base-ec2-linux' }, deployment);
    const main = files.get('main.tf')!;
    expect(Object.keys(provenance.artifact.choices!)).toEqual(['amazon-linux-2023', 'ubuntu-22.04', 'ubuntu-24.04']);
    expect(main).toMatch(/data "coder_parameter" "os_distribution" \{[^}]*default\s+= "amazon-linux-2023"[^}]*mutable\s+= false/s);
    for (const name of ['Amazon Linux 2023', 'Ubuntu 22.04 LTS', 'Ubuntu 24.04 LTS']) expect(main).toContain(`name  = "${name}"`);
    expect(main).toMatch(/image_id = local\.images\[data\.coder_parameter\.os_distribution\.value\]/);
  });

  it('a desktop where it works: gui-vnc on Ubuntu EC2 and on a pod whose image holds one; refused on Amazon Linux and on a pod without one, each with the reason and the fix', async () => {
    const root = copyTemplates();
    const onAmazon = await refusal(root, { name: 'x', toolchain: 'swdev-toolchain', base: 'base-ec2-linux', enable: ['gui-vnc'] });
    expect(onAmazon).toContain('gui-vnc: base-ec2-linux@');
    expect(onAmazon).toContain('implements it only on os-distribution ubuntu-22.04 or ubuntu-24.04, and this composition runs amazon-linux-2023: compose it on ubuntu-22.04 or ubuntu-24.04 with --override os_distribution=ubuntu-24.04');
    const { files, provenance } = await compose(root, { name: 'x', toolchain: 'swdev-toolchain', base: 'base-ec2-linux', enable: ['gui-vnc'], overrides: [{ name: 'os_distribution', value: 'ubuntu-22.04' }] }, deployment);
    expect(provenance.capabilities.enabled_optional).toContain('gui-vnc');
    expect(provenance.artifact.os_distribution).toBe('ubuntu-22.04');
    expect(files.get('main.tf')).toMatch(/module "kasmvnc" \{/);
    expect(files.get('main.tf')).toMatch(/gui_vnc\s+= true/);
    // On a pod the desktop must come in the image: swdev 1.3.0's holds none, 1.4.1's does.
    edit(root, 'templates/artifacts.lock.yaml', (t) => t.replace('images:\n', `images:\n  swdev-toolchain@1.3.0: sha256:${'c'.repeat(64)}\n`));
    expect(await refusal(root, { name: 'x', toolchain: 'swdev-toolchain@1.3.0', base: 'base-k8s', enable: ['gui-vnc'] })).toContain("gui-vnc: a pod cannot install a desktop when it starts (no sudo for the coder user), and swdev-toolchain@1.3.0's image holds none: install XFCE and KasmVNC in its image (build/Dockerfile) and declare image.desktop: kasmvnc");
    const pod = await compose(root, { name: 'x', toolchain: 'swdev-toolchain@1.4.1', base: 'base-k8s', enable: ['gui-vnc'] }, deployment);
    expect(pod.files.get('main.tf')).toMatch(/module "kasmvnc" \{/);
    expect(pod.provenance.artifact.os_distribution).toBe('ubuntu-24.04');
    // The pod stays what it was: non-root, no privilege escalation (the desktop adds no securityContext).
    expect(pod.files.get('modules/base-k8s/main.tf')).toBe(fs.readFileSync(path.join(root, (await resolveLayer(root, 'base-k8s', 'base')).source, 'base-k8s/main.tf'), 'utf8'));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the architecture page says exactly what each base implements (its table against capabilities.tf)', async () => {
    const page = fs.readFileSync(path.join(repoRoot, 'docs', 'templates', 'architecture.mdx'), 'utf8');
    const table = page.slice(page.indexOf('| Capability |')).split('\n\n')[0]!.split('\n');
    const bases = table[0]!.split('|').slice(2, -1).map((c) => c.trim());
    const documented: Record<string, Record<string, string[]>> = Object.fromEntries(bases.map((b) => [b, {}]));
    for (const row of table.slice(2)) {
      const [cap, ...cells] = row.split('|').slice(1, -1).map((c) => c.trim());
      cells.forEach((cell, i) => {
        if (cell) documented[bases[i]!]![cap!.replace(/`/g, '')] = cell.replace(/\(.*\)/, '').split(',').map((v) => v.trim());
      });
    }
    for (const base of ['base-k8s', 'base-ec2-linux', 'base-ec2-gpu', 'base-ec2-windows']) {
      const implemented = (await loadBase(repoRoot, base)).implemented;
      expect(documented[base], base).toEqual(Object.fromEntries(Object.entries(implemented).map(([k, v]) => [k, v!.map(String)])));
    }
  });

  it('names every problem of a broken toolchain manifest with file and field', async () => {
    const root = copyTemplates();
    edit(root, 'templates/swdev-toolchain/toolchain.yaml', (t) => t.replace('    - network-egress: https-only', '    - network-egress: sometimes').replace('default: swdev-medium', 'default: huge'));
    const message = await refusal(root, { name: 'x', toolchain: 'swdev-toolchain@dev', base: 'base-k8s' });
    expect(message).toContain('templates/swdev-toolchain/toolchain.yaml: capabilities.required[1].network-egress: "sometimes" is not a value of network-egress');
    expect(message).toContain('compute.default: "huge" is not one of compute.profiles');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses a composition on a GPU base that the catalog does not count as GPU (its quota and prices would be wrong)', async () => {
    const root = copyTemplates();
    edit(root, 'templates/compositions.yaml', (t) => t.replace(/(ec2-datasci:\n(?:.*\n)*?\s+base: ).*/, `$1${pinned('ec2-datasci-gpu').base}`));
    await expect(composeAll(root, deployment)).rejects.toThrow(/ec2-datasci: its base base-ec2-gpu runs on GPU instances, but GPU_COMPOSITIONS in iac\/coder\/catalog\.ts does not list it/);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses, naming the sizes, a composition whose toolchain does not offer a t-shirt size published from it', async () => {
    const root = copyTemplates();
    edit(root, 'templates/swdev-toolchain/toolchain.yaml', (t) => t.replace('profiles: [swdev-small, swdev-medium, swdev-large, platform-devsecops, swdev-desktop, swdev-desktop-vm]', 'profiles: [swdev-small, swdev-medium, swdev-large, swdev-desktop, swdev-desktop-vm]'));
    commitAll(root, 'no platform size');
    await publishRelease(root, { layer: 'swdev-toolchain', version: '2.0.0', changes: [{ type: 'breaking', summary: 'no platform size' }], date: '2026-11-27' });
    edit(root, 'templates/compositions.yaml', (t) => t.replaceAll(pinned('ec2-swdev').toolchain, 'swdev-toolchain@2.0.0'));
    await expect(composeAll(root, deployment)).rejects.toThrow(/ec2-swdev: iac\/coder\/catalog\.ts publishes platform-devsecops from it, but swdev-toolchain@2.0.0 offers only swdev-small, swdev-medium, swdev-large, swdev-desktop, swdev-desktop-vm/);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('gives each toolchain image its versions from toolchain.yaml, built from the files of the release, and refuses an ARG the manifest cannot fill', async () => {
    for (const name of ['swdev-toolchain', 'datasci-toolchain']) {
      const { args } = await buildArgs(repoRoot, name);
      expect(args.length, name).toBeGreaterThan(3);
      expect(args.every(([k, v]) => /^TOOLCHAIN_[A-Z0-9_]+_VERSION$/.test(k) && v.length > 0)).toBe(true);
    }
    const swdev = await buildArgs(repoRoot, 'swdev-toolchain@1.2.0');
    expect(swdev.args).toContainEqual(['TOOLCHAIN_GO_VERSION', '1.23']);
    // The build context is the release's files as its commit holds them, not the working directory.
    const commitOf = (version: string) => loadReleases(repoRoot, 'swdev-toolchain').releases.find((r) => r.version === version)!.commit.slice(0, 12);
    expect(swdev.context).toBe(`.releases/swdev-toolchain/1.2.0-${commitOf('1.2.0')}/swdev-toolchain`);
    expect(fs.readFileSync(path.join(repoRoot, swdev.context, 'toolchain.yaml'), 'utf8')).toContain('{ name: go, version: "1.23" }');
    expect((await buildArgs(repoRoot, 'swdev-toolchain')).context).toBe(`.releases/swdev-toolchain/${SWDEV}-${commitOf(SWDEV)}/swdev-toolchain`);
    const root = copyTemplates();
    edit(root, 'templates/swdev-toolchain/build/Dockerfile', (t) => t.replace('ARG TOOLCHAIN_GO_VERSION', 'ARG GO_VERSION'));
    await expect(buildArgs(root, 'swdev-toolchain@dev')).rejects.toThrow(/build\/Dockerfile: ARG GO_VERSION is not a version toolchain\.yaml declares/);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('drift check: names a composed file that was edited, removed or is no longer produced, and a directory no composition makes', async () => {
    const root = copyTemplates();
    fs.cpSync(path.join(repoRoot, 'templates', 'composed'), path.join(root, 'templates', 'composed'), { recursive: true });
    expect(await composedDrift(root, deployment)).toEqual([]);
    edit(root, 'templates/composed/pod-swdev/main.tf', (t) => `${t}\n# edited by hand\n`);
    fs.rmSync(path.join(root, 'templates/composed/ec2-swdev/provenance.json'));
    fs.writeFileSync(path.join(root, 'templates/composed/ec2-datasci/notes.txt'), 'x');
    fs.mkdirSync(path.join(root, 'templates/composed/old-composition'));
    const problems = (await composedDrift(root, deployment)).map((p) => `${p.file}: ${p.message.split(':')[0]}`);
    expect(problems).toEqual([
      'templates/composed/pod-swdev/main.tf: differs from what composing produces',
      'templates/composed/ec2-swdev/provenance.json: missing',
      'templates/composed/ec2-datasci/notes.txt: composing no longer produces this file',
      'templates/composed/old-composition: not in templates/compositions.yaml',
    ]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses a toolchain that carries infrastructure details (Property 13 at compose time)', async () => {
    const root = copyTemplates();
    edit(root, 'templates/swdev-toolchain/bootstrap/install.sh', (t) => `${t}\naws s3 cp s3://bucket/x . --region eu-west-1\n`);
    const message = await refusal(root, { name: 'x', toolchain: 'swdev-toolchain@dev', base: 'base-k8s' });
    expect(message).toMatch(/templates\/swdev-toolchain\/bootstrap\/install\.sh:\d+: a region \("eu-west-1"\)/);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports a missing artifact with the command that resolves it', async () => {
    const root = copyTemplates();
    edit(root, 'templates/artifacts.lock.yaml', (t) => t.replace(/^ {2}base-ec2-gpu@.*\n/gm, ''));
    const message = await refusal(root, { name: 'x', toolchain: 'datasci-toolchain', base: 'base-ec2-gpu' });
    // The AMI of the distribution it runs (the base's default): <base>@<version>/<distribution>.
    expect(message).toContain(`amis."base-ec2-gpu@${stableVersion('base-ec2-gpu')}/amazon-linux-2023" is missing`);
    expect(message).toContain('npm run compose -- resolve');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes atomically: a failed write leaves the previous directory as it was and no temporary files', () => {
    const out = path.join(tmp, 'atomic');
    const provenance = JSON.stringify({ composition: 'atomic', toolchain: { name: 't' }, base: { name: 'b' } });
    writeComposition(out, new Map([['main.tf', 'first\n'], ['provenance.json', provenance]]));
    const broken = new Map([['a.tf', 'x'], ['a.tf/b.tf', 'cannot: a.tf is a file']]);
    expect(() => writeComposition(out, broken)).toThrow(/ENOTDIR|EEXIST/);
    expect(fs.readdirSync(out).sort()).toEqual(['main.tf', 'provenance.json']);
    expect(fs.readFileSync(path.join(out, 'main.tf'), 'utf8')).toBe('first\n');
    expect(fs.readdirSync(tmp).filter((e) => e.includes('.tmp-'))).toEqual([]);
  });
});

describe.skipIf(PROJECT_HISTORY !== undefined)('the composing page', { timeout: 60_000 }, () => {
  it('shows what npm run compose really prints for the refusals it quotes', () => {
    const page = fs.readFileSync(path.join(repoRoot, 'docs', 'templates', 'compose-publish.mdx'), 'utf8');
    const blocks = [...page.matchAll(/```console sample-output\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const sessions = blocks.flatMap((b) => b.split(/\n(?=\$ )/)).filter((s) => s.startsWith('$ npm run compose -- ') && !s.includes(' resolve '));
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    for (const session of sessions) {
      const [command, ...printed] = session.trim().split('\n');
      const args = command!.replace('$ npm run compose -- ', '').split(' ');
      const result = cli(...args, '--out', path.join(tmp, 'page'));
      expect(`${result.stdout}${result.stderr}`.trim(), command).toBe(printed.join('\n').trim());
    }
  });
});
