/**
 * The template system's properties over generated inputs: 3 (network
 * isolation), 13 (toolchain portability), 14 (contract satisfaction), 15
 * (provenance), 16 (override validation), 17 (semantic versioning). Each
 * composes for real (real HCL parser, real files in a temporary copy).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import semver from 'semver';
import { Address4 } from 'ip-address';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { parse as parseYaml, parseDocument, stringify, stringify as stringifyYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { commitAll, copyTemplates, edit, git, PROJECT_HISTORY, restartHistory, stableVersion } from '../helpers/templates.js';
import { skipLoudly } from '../helpers/tools.js';
import { validConfig, resolveOrSkip } from '../helpers/arbitraries.js';
import { compose } from '../../templates/compose/compose.js';
import { digestFiles, releaseDrift, releaseFilesAt, resolveLayer } from '../../templates/compose/layer-releases.js';
import { publishRelease } from '../../templates/compose/release.js';
import { loadCompositions } from '../../templates/compose/all.js';
import { LayerError, loadBase, loadReleases, loadToolchain, filesUnder, type Base } from '../../templates/compose/layers.js';
import { portabilityProblems } from '../../templates/compose/portability.js';
import { releaseProblems, requiredBump, resolveRelease, type ChangeType, type Release } from '../../templates/compose/versions.js';
import { CAPABILITY_VALUES, CONTRACT_VERSION, type CapabilityName } from '../../templates/contract/contract.generated.js';
import { loadDeployment } from '../../iac/deployment.js';
import type { Override, OverrideRule } from '../../templates/compose/overrides.js';

const RUNS = { numRuns: 100 };
const root = copyTemplates();
// Properties 3, 14, 15 and 16 compose the project's releases (read from its history); 13 and 17 need none of it.
if (PROJECT_HISTORY) skipLoudly('template properties 3, 14, 15 and 16 (they compose the project\'s releases)', PROJECT_HISTORY);
const projectReleases = PROJECT_HISTORY === undefined;
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const production = loadDeployment('production');
type Json = Record<string, unknown>;

async function hcl(text: string): Promise<Json> {
  return (await parseHcl('main.tf', text)) as Json;
}
function moduleArgs(main: Json, name: string): Json {
  return ((main.module as Record<string, Json[]>)[name]!)[0]!;
}

describe('template properties', { timeout: 120_000 }, () => {
  it.skipIf(!projectReleases)('Feature: coder-deployment-guide, Property 3: Workspace Network Isolation', async () => {
    // EC2 compositions: the shared block gives each workspace a security group with no ingress at all.
    const ec2 = fs.readFileSync(path.join(root, 'templates/shared-ec2-workspace/main.tf'), 'utf8');
    expect(ec2).not.toMatch(/resource "aws_(vpc_security_group_ingress_rule|security_group_rule)"|^\s*ingress\s*[{=]/m);
    expect(ec2).toMatch(/resource "aws_vpc_security_group_egress_rule"/);
    const k8sRelease = await resolveLayer(root, 'base-k8s', 'base');
    const k8s = await hcl(fs.readFileSync(path.join(root, k8sRelease.source, 'base-k8s/capabilities.tf'), 'utf8'));
    const locals = Object.assign({}, ...(k8s.locals as Json[])) as { egress_ports: Record<string, number[]>; outside_vpc: { cidr: string; except: string[] } };
    await fc.assert(
      fc.asyncProperty(
        validConfig,
        fc.constantFrom('none', 'https-only', 'unrestricted'),
        fc.integer({ min: 0, max: 2 ** 16 - 1 }),
        fc.integer({ min: 1, max: 65535 }),
        async (raw, egress, hostSeed, port) => {
          const deployment = resolveOrSkip(raw);
          const withRegion = { ...deployment, config: { ...deployment.config, region: 'us-east-1' } };
          const { files } = await compose(root, { name: 'p3', toolchain: 'swdev-toolchain', base: 'base-k8s', overrides: [{ name: 'network_egress', value: egress }], permits: ['egress-mode'] }, withRegion);
          const args = moduleArgs(await hcl(files.get('main.tf')!), 'base');
          expect(args.vpc_cidr).toBe(deployment.config.network.vpcCidr);
          const policyFile = await hcl(files.get('modules/base-k8s/capabilities.tf')!);
          const policy = (policyFile.resource as Record<string, Record<string, Json[]>>).kubernetes_network_policy_v1!.workspace![0]!;
          const spec = (policy.spec as Json[])[0]!;
          // Selects exactly this workspace's pod, and governs both directions.
          expect(((spec.pod_selector as Json[])[0]!.match_labels as Json)).toEqual({ 'com.coder.workspace.id': '${var.workspace_id}' });
          expect(spec.policy_types).toEqual(['Ingress', 'Egress']);
          // Ingress: coderd's namespace only.
          expect(JSON.stringify(spec.ingress)).toBe(JSON.stringify([{ from: [{ namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': '${var.coder_namespace}' } }] }] }]));
          // Egress to another workspace (any address inside the VPC) on any port: evaluate the rules with this composition's values.
          const vpc = new Address4(String(args.vpc_cidr));
          const start = BigInt(vpc.startAddress().bigInt());
          const size = BigInt(vpc.endAddress().bigInt()) - start + 1n;
          const other = Address4.fromBigInt(start + (BigInt(hostSeed) % size));
          const except = locals.outside_vpc.except.map((e) => (e === '${var.vpc_cidr}' ? String(args.vpc_cidr) : e));
          const dynamicEgress = (spec.dynamic as Json).egress as Json[];
          expect(dynamicEgress[0]!.for_each).toBe('${var.network_egress == "none" ? [] : [var.network_egress]}');
          // The rule the evaluation below models: ip_block from the locals, ports from egress_ports[mode].
          const content = JSON.stringify(dynamicEgress[0]!.content);
          expect(content).toContain('"cidr":"${local.outside_vpc.cidr}","except":"${local.outside_vpc.except}"');
          expect(content).toContain('"for_each":"${local.egress_ports[egress.value]}"');
          // The only other egress rule goes to coderd's namespace.
          expect(JSON.stringify(spec.egress)).toBe(JSON.stringify([{ ports: [{ port: '${tostring(var.coderd_port)}', protocol: 'TCP' }], to: [{ namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': '${var.coder_namespace}' } }] }] }]));
          const internetRule = args.network_egress === 'none' ? undefined : { cidr: locals.outside_vpc.cidr, except, ports: locals.egress_ports[String(args.network_egress)]! };
          const inBlock = (ip: Address4, cidr: string) => ip.isInSubnet(new Address4(cidr));
          const allowed = internetRule !== undefined && inBlock(other, internetRule.cidr) && !internetRule.except.some((c) => inBlock(other, c)) && (internetRule.ports.length === 0 || internetRule.ports.includes(port));
          expect(allowed, `${other.address}:${port} with egress ${egress}`).toBe(false);
        },
      ),
      RUNS,
    );
  });

  it('Feature: coder-deployment-guide, Property 13: Toolchain Template Portability', async () => {
    // The shipped toolchains are portable…
    for (const name of ['swdev-toolchain', 'windev-toolchain', 'datasci-toolchain']) {
      const dir = path.join('templates', name);
      expect(portabilityProblems(filesUnder(root, dir).map((f) => [f, fs.readFileSync(path.join(root, dir, f), 'utf8')]))).toEqual([]);
    }
    // …and any infrastructure detail planted anywhere in one is found, at its line.
    const infra = fc.oneof(
      fc.stringMatching(/^[0-9a-f]{17}$/).chain((h) => fc.constantFrom(`subnet-${h}`, `sg-${h}`, `ami-${h}`, `vpc-${h.slice(0, 8)}`)),
      fc.constantFrom('arn:aws:iam::123456789012:role/x', 'aws_instance', 'kubernetes_pod_v1', 'm7i.2xlarge', 'g5.xlarge', 'eu-central-1', 'nodeSelector', 'tolerations', '10.0.0.0/16', 'security group', 'EKS', 'ECR'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('swdev-toolchain', 'windev-toolchain', 'datasci-toolchain'), fc.nat(), fc.nat(), infra, async (name, fileSeed, lineSeed, token) => {
        const dir = path.join('templates', name);
        const files = filesUnder(root, dir).map((f): [string, string] => [f, fs.readFileSync(path.join(root, dir, f), 'utf8')]);
        const target = fileSeed % files.length;
        const lines = files[target]![1].split('\n');
        const at = lineSeed % lines.length;
        lines.splice(at, 0, `# uses ${token} here`);
        files[target] = [files[target]![0], lines.join('\n')];
        const problems = portabilityProblems(files);
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.some((p) => p.startsWith(`${files[target]![0]}:${at + 1}:`))).toBe(true);
      }),
      RUNS,
    );
  });

  it.skipIf(!projectReleases)('Feature: coder-deployment-guide, Property 14: Template Contract Satisfaction', async () => {
    // The os is a requirement like the others, stated as toolchain.yaml's os and implemented as the
    // os the base's agent runs; every other capability is listed.
    const names = (Object.keys(CAPABILITY_VALUES) as CapabilityName[]).filter((n) => n !== 'os');
    const os = fc.constantFrom('linux', 'windows');
    const requirement = fc.constantFrom(...names).chain((name) => fc.constantFrom(...(CAPABILITY_VALUES[name] as ReadonlyArray<boolean | string>)).map((value) => ({ name, value })));
    const implementation = fc.dictionary(fc.constantFrom(...names), fc.constant(null)).chain((keys) =>
      fc.record(Object.fromEntries(Object.keys(keys).map((k) => [k, fc.subarray([...(CAPABILITY_VALUES[k as CapabilityName] as ReadonlyArray<boolean | string>)], { minLength: 1 })]))) as fc.Arbitrary<Record<string, Array<boolean | string>>>,
    );
    const toolchainYaml = fs.readFileSync(path.join(root, 'templates/swdev-toolchain/toolchain.yaml'), 'utf8');
    const guardedRules = (await loadBase(root, 'base-k8s')).rules.filter((r) => r.guard).map((r) => r.name);
    const capabilitiesTf = fs.readFileSync(path.join(root, 'templates/base-k8s/capabilities.tf'), 'utf8');
    try {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(requirement, { selector: (r) => r.name, maxLength: 5 }), implementation, os, os, async (listed, implemented, toolchainOs, baseOs) => {
          // The image is built on the distribution the toolchain requires, when it requires one (a mismatch
          // is refused when the toolchain is read: see the compose tests); else on Ubuntu 24.04.
          const imageDistribution = String(listed.find((r) => r.name === 'os-distribution')?.value ?? 'ubuntu-24.04');
          edit(root, 'templates/swdev-toolchain/toolchain.yaml', () =>
            toolchainYaml
              .replace(/^os: linux$/m, `os: ${toolchainOs}`)
              .replace(/ {2}required:\n(?: {4}- .*\n)+/, `  required:${listed.length ? '\n' + listed.map((r) => `    - ${r.name}: ${r.value}`).join('\n') : ' []'}\n`)
              .replace(/^ {2}distribution: .*$/m, `  distribution: ${imageDistribution}`),
          );
          const hclMap = Object.entries(implemented).map(([k, v]) => `    "${k}" = [${v.map((x) => JSON.stringify(x)).join(', ')}]`).join('\n');
          // Only what is implemented, as generated (capability_requires, which names some, is dropped: this
          // property is about implemented against required; the compose tests cover capability_requires).
          edit(root, 'templates/base-k8s/capabilities.tf', () =>
            capabilitiesTf
              .replace(/implemented_capabilities = \{[^}]*\}/, `implemented_capabilities = {\n${hclMap}\n  }`)
              .replace(/capability_requires = \{[\s\S]*?\n {2}\}\n/, '')
              .replace(/os {3}= "linux"/, `os   = "${baseOs}"`),
          );
          const required = [{ name: 'os' as CapabilityName, value: toolchainOs as boolean | string }, ...listed];
          const offered = { ...implemented, os: [baseOs] } as Record<string, Array<boolean | string>>;
          // And a pod runs its image's distribution, which a base that names distributions must offer.
          const satisfied = required.every((r) => (offered[r.name] ?? []).includes(r.value)) && (!offered['os-distribution'] || offered['os-distribution'].includes(imageDistribution));
          let refused: string | undefined;
          try {
            // Every guarded rule permitted: a required network-egress other than the base's default is
            // also a policy question (Property 16); this property is about the contract alone.
            await compose(root, { name: 'p14', toolchain: 'swdev-toolchain@dev', base: 'base-k8s@dev', permits: guardedRules }, production);
          } catch (error) {
            if (!(error instanceof LayerError)) throw error;
            refused = error.message;
          }
          expect(refused === undefined, refused).toBe(satisfied);
          if (refused) for (const r of required.filter((x) => !(offered[x.name] ?? []).includes(x.value))) expect(refused).toContain(`- ${r.name}: ${JSON.stringify(r.value)} required`);
        }),
        RUNS,
      );
    } finally {
      edit(root, 'templates/swdev-toolchain/toolchain.yaml', () => toolchainYaml);
      edit(root, 'templates/base-k8s/capabilities.tf', () => capabilitiesTf);
    }
  });

  it.skipIf(!projectReleases)('Feature: coder-deployment-guide, Property 15: Template Composition Provenance', async () => {
    const compositions = Object.entries(loadCompositions(root));
    const lockText = fs.readFileSync(path.join(root, 'templates/artifacts.lock.yaml'), 'utf8');
    const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
    // The AMI lock entries of the EC2 bases the compositions pin: one per distribution each implements.
    const amiEntries: string[] = [];
    for (const ref of [...new Set(compositions.map(([, x]) => x.base))].filter((r) => r.startsWith('base-ec2-'))) {
      const [bName, bVersion] = ref.split('@') as [string, string];
      const distributions = (await loadBase(root, bName, (await resolveLayer(root, `${bName}@${bVersion}`, 'base')).source)).implemented['os-distribution'] ?? [];
      amiEntries.push(...(distributions.length ? distributions.map((d) => `${ref}/${String(d)}`) : [ref]));
    }
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...compositions), hex(64), hex(64), hex(17), hex(17), hex(17), fc.constantFrom('example', 'resolved'), fc.stringMatching(/^[a-z][a-z0-9-]{2,12}$/), async ([name, c], d1, d2, a1, a2, a3, source, prefix) => {
          // A lock with a generated digest or AMI id for every release the compositions pin.
          const digests = [d1, d2];
          const amis = [a1, a2, a3];
          const lock = {
            source,
            region: 'us-east-1',
            registry: `210987654321.dkr.ecr.us-east-1.amazonaws.com/${prefix}`,
            images: Object.fromEntries([...new Set(compositions.map(([, x]) => x.toolchain))].map((ref, i) => [ref, `sha256:${digests[i % digests.length]}`])) as Record<string, string>,
            amis: Object.fromEntries(amiEntries.map((entry, i) => [entry, `ami-${amis[i % amis.length]}`])) as Record<string, string>,
          };
          fs.writeFileSync(path.join(root, 'templates/artifacts.lock.yaml'), stringify(lock));
          // The composition as compositions.yaml declares it (its overrides choose a distribution, enable a desktop).
          const { files, provenance } = await compose(root, { name, toolchain: c.toolchain, base: c.base, overrides: Object.entries(c.overrides ?? {}).map(([k, v]) => ({ name: k, value: v })), permits: c.permits ?? [], enable: c.enable ?? [] }, production);
          // The pinned releases, read from their commits, with the digests their histories recorded.
          const [tName, tVersion] = c.toolchain.split('@') as [string, string];
          const [bName, bVersion] = c.base.split('@') as [string, string];
          const toolchain = loadToolchain(root, tName, (await resolveLayer(root, c.toolchain, 'toolchain')).source);
          const base = await loadBase(root, bName, (await resolveLayer(root, c.base, 'base')).source);
          const commitOf = (layer: string, version: string) => loadReleases(root, layer).releases.find((r) => r.version === version)!.commit;
          expect(provenance.toolchain).toMatchObject({ version: tVersion, channel: 'stable', files_sha256: digestFiles(await releaseFilesAt(root, tName, 'toolchain', commitOf(tName, tVersion))) });
          expect(provenance.base).toMatchObject({ version: bVersion, channel: 'stable', files_sha256: digestFiles(await releaseFilesAt(root, bName, 'base', commitOf(bName, bVersion))) });
          expect(provenance.toolchain.files_sha256).toBe(loadReleases(root, tName).releases.find((r) => r.version === tVersion)!.digest);
          expect(provenance.base.files_sha256).toBe(loadReleases(root, bName).releases.find((r) => r.version === bVersion)!.digest);
          // An EC2 base of contract 1.2 boots the AMI of the distribution the composition runs: the
          // override's, else the base's default (provenance records which).
          const distribution = base.implemented['os-distribution'] ? (c.overrides?.os_distribution ?? String(base.variables.os_distribution?.default ?? base.implemented['os-distribution']![0])) : undefined;
          if (base.kind === 'ec2') expect(provenance.artifact.os_distribution).toBe(distribution);
          const expected = base.kind === 'kubernetes' ? `${lock.registry}/${toolchain.manifest.image.repository}:${tVersion}@${lock.images[c.toolchain]}` : lock.amis[distribution ? `${c.base}/${distribution}` : c.base];
          expect(provenance.artifact.image_id).toBe(expected);
          expect(JSON.parse(files.get('provenance.json')!)).toEqual(provenance);
          // The template itself records the same, passes the artifact to the base and shows it on the workspace page.
          const main = await hcl(files.get('main.tf')!);
          const locals = Object.assign({}, ...(main.locals as Json[])) as { provenance: Json };
          expect(locals.provenance).toEqual({ contract: CONTRACT_VERSION, toolchain: `${provenance.toolchain.name}@${provenance.toolchain.version}`, base: `${provenance.base.name}@${provenance.base.version}`, image_id: expected, artifacts: source });
          // Where the owner picks the distribution, the template carries the AMI of each choice, from the
          // lock, and passes the one picked; else the one artifact.
          const choices = provenance.artifact.choices;
          if (choices) {
            expect(Object.keys(choices).length).toBeGreaterThan(1);
            for (const [d, ami] of Object.entries(choices)) expect(ami, d).toBe(lock.amis[`${c.base}/${d}`]);
            expect(choices[distribution!]).toBe(expected);
            expect((locals as unknown as { images: Record<string, string> }).images).toEqual(choices);
            expect(moduleArgs(main, 'base').image_id).toBe('${local.images[data.coder_parameter.os_distribution.value]}');
            expect(moduleArgs(main, 'base').os_distribution).toBe('${data.coder_parameter.os_distribution.value}');
          } else expect(moduleArgs(main, 'base').image_id).toBe('${local.provenance.image_id}');
          const items = (((main.resource as Record<string, Record<string, Json[]>>).coder_metadata!.workspace![0]!.item) as Json[]).map((i) => i.key);
          expect(items).toEqual(expect.arrayContaining(['toolchain', 'base', 'image']));
        }),
        RUNS,
      );
    } finally {
      fs.writeFileSync(path.join(root, 'templates/artifacts.lock.yaml'), lockText);
    }
  });

  it.skipIf(!projectReleases)('Feature: coder-deployment-guide, Property 16: Infrastructure Base Override Validation', async () => {
    const pairs = [
      { toolchain: 'swdev-toolchain', base: 'base-k8s' },
      { toolchain: 'swdev-toolchain', base: 'base-ec2-linux' },
      { toolchain: 'windev-toolchain', base: 'base-ec2-windows' },
      { toolchain: 'datasci-toolchain', base: 'base-ec2-gpu' },
    ];
    // The bases as released (the composition takes the stable release); the toolchains composed from their working directories (@dev), edited per run.
    const bases = new Map<string, Base>();
    for (const p of pairs) bases.set(p.base, await loadBase(root, p.base, (await resolveLayer(root, p.base, 'base')).source));
    const manifests = new Map(pairs.map((p) => [p.toolchain, fs.readFileSync(path.join(root, 'templates', p.toolchain, 'toolchain.yaml'), 'utf8')]));
    const allRules = [...bases.values()].flatMap((b) => b.rules);
    const name = fc.oneof(fc.constantFrom(...new Set(allRules.map((r) => r.match))), fc.constantFrom('subnet_id', 'privileged', 'namespace', 'vpc_cidr'));
    const value = fc.oneof(fc.constantFrom(...new Set(allRules.flatMap((r) => r.values ?? []))), fc.constantFrom('m7i.xlarge', 'p4d.24xlarge', 'g5.2xlarge', 'coder-prod-workspace-data', 'admin', 'gp3-encrypted', 'root', ''));
    // Overrides that contradict what every shipped toolchain requires (persistent-home: true) come
    // often, so the requirement rule below is exercised in every run, not by chance.
    const override: fc.Arbitrary<Override> = fc.oneof({ weight: 1, arbitrary: fc.constant({ name: 'persistent_home', value: 'false' }) }, { weight: 2, arbitrary: fc.constantFrom(...new Set(allRules.filter((r) => r.values).flatMap((r) => r.values!.map((v) => `${r.match}=${v}`)))).map((kv) => ({ name: kv.split('=')[0]!, value: kv.split('=')[1]! })) }, { weight: 1, arbitrary: fc.record({ name, value }) });
    const permit = fc.constantFrom(...new Set(allRules.map((r) => r.name)), 'everything');
    // Where the toolchain states network-egress: as shipped, required with another value, or optional (enabled or not).
    const egress = fc.record({ placement: fc.constantFrom('as-shipped', 'required', 'required', 'optional', 'optional'), value: fc.constantFrom(...CAPABILITY_VALUES['network-egress']) });
    const general = fc.constantFrom(...pairs).chain((pair) =>
      fc.tuple(
        fc.constant(pair),
        fc.uniqueArray(override, { selector: (o) => o.name, maxLength: 2 }),
        fc.uniqueArray(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...bases.get(pair.base)!.rules.filter((r) => r.guard).map((r) => r.name)) }, { weight: 1, arbitrary: permit }), { maxLength: 3 }),
        egress,
        fc.boolean(),
      ),
    );
    // A toolchain asking for wider egress than the base's default, with or without the permit.
    const widening = fc.tuple(
      fc.constantFrom(...pairs),
      fc.constant<Override[]>([]),
      fc.subarray(['egress-mode']),
      fc.record({ placement: fc.constantFrom('required', 'optional'), value: fc.constantFrom('unrestricted', 'none') }),
      fc.constant(true),
    );
    const scenario = fc.oneof(general, widening);
    const seen = { requirementConflicts: 0, capabilityChanges: 0, accepted: 0, acceptedChanges: 0 };
    try {
      await fc.assert(
        fc.asyncProperty(scenario, async ([pair, overrides, permits, eg, enableEgress]) => {
          const base = bases.get(pair.base)!;
          const rules = base.rules;
          const manifest = parseYaml(manifests.get(pair.toolchain)!) as { capabilities: { required: Array<Record<string, unknown>>; optional: Array<Record<string, unknown>> } };
          if (eg.placement !== 'as-shipped') {
            manifest.capabilities.required = manifest.capabilities.required.filter((c) => !('network-egress' in c));
            manifest.capabilities[eg.placement === 'required' ? 'required' : 'optional'].push({ 'network-egress': eg.value });
          }
          fs.writeFileSync(path.join(root, 'templates', pair.toolchain, 'toolchain.yaml'), stringifyYaml(manifest));
          const required = new Map(manifest.capabilities.required.map((c) => Object.entries(c)[0]!));
          const optional = new Map(manifest.capabilities.optional.map((c) => Object.entries(c)[0]!));
          const enable = enableEgress ? ['network-egress'] : [];


          // The oracle. An override passes iff a rule covers it, a guarded rule is permitted and the value fits the rule…
          const fits = (rule: OverrideRule, v: string) => (rule.values ? rule.values.includes(v) : new RegExp(rule.pattern!).test(v));
          const passes = (o: Override) => {
            const rule = rules.find((r) => r.match === o.name);
            return rule !== undefined && (!rule.guard || permits.includes(rule.name)) && fits(rule, o.value);
          };
          // …and an unguarded override may not undo a capability the toolchain requires.
          const conflicts = (o: Override) => {
            const rule = rules.find((r) => r.match === o.name)!;
            const want = required.get(o.name.replace(/_/g, '-'));
            return !rule.guard && want !== undefined && String(want) !== o.value;
          };
          const permitsValid = permits.every((p) => rules.some((r) => r.name === p && r.guard));
          // The toolchain's egress: the contract must hold it, and moving the guarded variable off the
          // base's default needs the rule's permit exactly as an override would.
          const implemented = (v: unknown) => (base.implemented['network-egress'] ?? []).includes(v as string);
          const egressValue = required.get('network-egress') ?? (optional.has('network-egress') && enableEgress ? optional.get('network-egress') : undefined);
          const contractOk = (!required.has('network-egress') || implemented(required.get('network-egress'))) && (!enableEgress || (optional.has('network-egress') && implemented(optional.get('network-egress'))));
          const egressRule = rules.find((r) => r.match === 'network_egress')!;
          const egressOverridden = overrides.some((o) => o.name === 'network_egress');
          const capabilityChange = egressValue !== undefined && !egressOverridden && egressValue !== base.variables.network_egress!.default;
          const capabilityOk = !capabilityChange || (permits.includes(egressRule.name) && fits(egressRule, String(egressValue)));
          const expectOk = overrides.every(passes) && !overrides.some((o) => passes(o) && conflicts(o)) && permitsValid && contractOk && capabilityOk;
          if (overrides.some((o) => passes(o) && conflicts(o))) seen.requirementConflicts++;
          if (capabilityChange && contractOk) seen.capabilityChanges++;

          let result: Awaited<ReturnType<typeof compose>> | undefined;
          let refused = '';
          try {
            result = await compose(root, { name: 'p16', toolchain: `${pair.toolchain}@dev`, base: pair.base, overrides, permits, enable }, production);
          } catch (error) {
            if (!(error instanceof LayerError)) throw error;
            refused = error.message;
          }
          expect(result !== undefined, refused || 'composed, but the oracle expected a refusal').toBe(expectOk);
          for (const o of overrides.filter((x) => !passes(x) || conflicts(x))) expect(refused).toContain(`--override ${o.name}=${o.value}`);
          if (capabilityChange && contractOk && !permits.includes(egressRule.name)) expect(refused).toContain(`sets network_egress away from the base's default "https-only", which rule ${egressRule.name} guards`);
          if (result) {
            seen.accepted++;
            // Guarded settings in the composed template change only through a permitted rule, and provenance records each change.
            const args = moduleArgs(await hcl(result.files.get('main.tf')!), 'base');
            for (const rule of rules.filter((r) => r.guard)) {
              const declared = base.variables[rule.match]!;
              const set = args[rule.match];
              if (set !== undefined && (!declared.hasDefault || String(set) !== String(declared.default))) expect(permits).toContain(rule.name);
            }
            for (const o of overrides) expect(String(args[o.name])).toBe(o.value);
            const expected = [...overrides.map((o) => o.name), ...(capabilityChange ? ['network_egress'] : [])].sort();
            expect(result.provenance.overrides.map((o) => o.name).sort()).toEqual(expected);
            if (capabilityChange) {
              seen.acceptedChanges++;
              expect(String(args.network_egress)).toBe(egressValue);
              expect(result.provenance.overrides.find((o) => o.name === 'network_egress')).toMatchObject({ value: egressValue, rule: egressRule.name, guard: 'network-policy', capability: 'network-egress' });
            }
          }
        }),
        // Twice the usual runs: half go to widening egress, and the counts below must be reached in every run.
        { numRuns: 200 },
      );
    } finally {
      for (const [t, text] of manifests) fs.writeFileSync(path.join(root, 'templates', t, 'toolchain.yaml'), text);
    }
    // The generator reaches the cases the oracle's rules are about, in every run.
    expect(seen.requirementConflicts, 'overrides contradicting a required capability').toBeGreaterThanOrEqual(10);
    expect(seen.capabilityChanges, 'toolchain capabilities moving a guarded variable').toBeGreaterThanOrEqual(15);
    expect(seen.acceptedChanges, 'permitted capability changes').toBeGreaterThanOrEqual(3);
    expect(seen.accepted, 'accepted compositions').toBeGreaterThanOrEqual(5);
  });

  it('Feature: coder-deployment-guide, Property 17: Toolchain Template Semantic Versioning', async () => {
    const changeSet = fc.array(fc.constantFrom<ChangeType>('breaking', 'feature', 'fix', 'security'), { minLength: 1, maxLength: 3 }).map((types) => types.map((type) => ({ type, summary: `${type} change` })));
    const history = fc
      .record({ start: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), steps: fc.array(fc.record({ changes: changeSet, beta: fc.boolean(), hotfix: fc.boolean() }), { minLength: 1, maxLength: 8 }) })
      .map(({ start, steps }) => {
        const digest = `sha256:${'0'.repeat(64)}`;
        const commit = 'c'.repeat(40);
        const releases: Release[] = [{ version: start.join('.'), channel: 'stable', date: '2026-01-01', digest, commit, changes: [{ type: 'feature', summary: 'first' }] }];
        let stable = releases[0]!.version;
        for (const step of steps) {
          const next = semver.inc(stable, requiredBump(step.changes))!;
          if (step.beta) releases.push({ version: `${next}-beta.1`, channel: 'beta', date: '2026-01-02', digest, commit, changes: step.changes });
          // A security patch to stable while the beta of a higher version is out.
          if (step.hotfix && semver.gt(next, semver.inc(stable, 'patch')!)) {
            stable = semver.inc(stable, 'patch')!;
            releases.push({ version: stable, channel: 'stable', date: '2026-01-02', digest, commit, changes: [{ type: 'security', summary: 'hotfix' }] });
          }
          releases.push({ version: next, channel: 'stable', date: '2026-01-03', digest, commit, changes: step.changes });
          stable = next;
        }
        return releases;
      });
    fc.assert(
      fc.property(history, fc.nat(), (releases, pick) => {
        // A history built by the rules passes them; channels resolve as documented.
        expect(releaseProblems(releases)).toEqual([]);
        const stables = releases.filter((r) => r.channel === 'stable').map((r) => r.version);
        expect(resolveRelease(releases, { channel: 'stable' })!.version).toBe(semver.maxSatisfying(stables, '*'));
        expect(resolveRelease(releases, { channel: 'beta' })!.version).toBe(semver.rsort(releases.map((r) => r.version))[0]);
        for (const r of releases) expect(resolveRelease(releases, { pinned: r.version })).toBe(r);
        // A withdrawn release is skipped by both channels (a pin still finds it, for compose to refuse by name).
        const withdrawn = releases.map((r, j) => (j === pick % releases.length ? { ...r, withdrawn: 'broken' } : r));
        expect(releaseProblems(withdrawn)).toEqual([]);
        const live = withdrawn.filter((r) => !r.withdrawn);
        expect(resolveRelease(withdrawn, { channel: 'stable' })?.version).toBe(semver.rsort(live.filter((r) => r.channel === 'stable').map((r) => r.version))[0]);
        expect(resolveRelease(withdrawn, { channel: 'beta' })?.version).toBe(semver.rsort(live.map((r) => r.version))[0]);
        expect(resolveRelease(withdrawn, { pinned: releases[pick % releases.length]!.version })?.withdrawn).toBe('broken');
        // Any stable release re-versioned with the wrong kind of bump is caught, at that release.
        const candidates = releases.map((r, i) => ({ r, i })).filter(({ r, i }) => i > 0 && r.channel === 'stable');
        if (candidates.length === 0) return;
        const { r, i } = candidates[pick % candidates.length]!;
        const previousStable = releases.slice(0, i).filter((x) => x.channel === 'stable').at(-1)!.version;
        const want = requiredBump(r.changes);
        const wrong = (['major', 'minor', 'patch'] as const).find((k) => k !== want)!;
        const mutated = releases.map((x, j) => (j === i ? { ...x, version: semver.inc(previousStable, wrong)! } : x));
        const problems = releaseProblems(mutated);
        expect(problems.some((p) => p.startsWith(`releases[${i}]`)), problems.join('\n')).toBe(true);
        if (want === 'patch') expect(problems.join('\n')).toContain('security and fix releases are patch versions');
      }),
      RUNS,
    );

    // The same rules through the tool, on windev-toolchain in a repository of its own, its history
    // restarted there (one release of the files at the last commit), so nothing depends on how deep
    // the project's clone is. Each step changes the working directory, commits it and publishes it
    // (right or wrong bump, beta or stable). A release is accepted iff it is newer than every release
    // and, on stable, bumps as its changes call for; channels and pins then resolve to the files of
    // each release's commit, a damaged copy of them is read again, and an entry whose digest no longer
    // matches its commit's files is found, at that release.
    const name = 'windev-toolchain';
    const working = path.join(root, 'templates', name);
    const releasesFile = path.join(working, 'releases.yaml');
    await restartHistory(root, name, stableVersion(name));
    const start = commitAll(root, 'Property 17 starts here');
    const initialReleases = loadReleases(root, name).releases.map((r) => ({ version: r.version, channel: r.channel, marker: '' }));
    const reset = () => git(root, 'reset', '-q', '--hard', start);
    const step = fc.record({ changes: changeSet, beta: fc.boolean(), wrong: fc.constantFrom<'major' | 'minor' | 'patch' | undefined>(undefined, undefined, 'major', 'minor', 'patch') });
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), fc.nat(), fc.nat(), async (steps, releasePick, filePick) => {
          reset();
          const published: Array<{ version: string; channel: string; marker: string }> = [...initialReleases];
          for (const [i, st] of steps.entries()) {
            const marker = `# step ${i}: ${st.changes.map((c) => c.type).join(' ')}`;
            fs.appendFileSync(path.join(working, 'bootstrap', 'install.ps1'), `${marker}\n`);
            commitAll(root, marker);
            const stable = semver.rsort(published.filter((p) => p.channel === 'stable').map((p) => p.version))[0]!;
            const next = semver.inc(stable, st.wrong ?? requiredBump(st.changes))!;
            const version = st.beta ? `${next}-beta.${i + 1}` : next;
            const newest = semver.rsort(published.map((p) => p.version))[0]!;
            // Per channel: a pre-release above every release, a stable release above every stable one
            // (a patch to stable while a higher pre-release exists is allowed).
            const ok = semver.gt(version, st.beta ? newest : stable) && (st.beta || st.wrong === undefined || st.wrong === requiredBump(st.changes));
            let accepted = true;
            try {
              await publishRelease(root, { layer: name, version, changes: st.changes, date: '2026-11-27' });
            } catch (error) {
              if (!(error instanceof LayerError)) throw error;
              accepted = false;
            }
            expect(accepted, `${version} after ${published.map((p) => p.version).join(', ')} with ${st.changes.map((c) => c.type).join(', ')}`).toBe(ok);
            if (accepted) published.push({ version, channel: st.beta ? 'beta' : 'stable', marker });
          }
          const history = loadReleases(root, name).releases;
          expect((await resolveLayer(root, name, 'toolchain')).version).toBe(semver.rsort(published.filter((p) => p.channel === 'stable').map((p) => p.version))[0]);
          expect((await resolveLayer(root, `${name}@beta`, 'toolchain')).version).toBe(semver.rsort(published.map((p) => p.version))[0]);
          for (const p of published.slice(1)) {
            const layer = await resolveLayer(root, `${name}@${p.version}`, 'toolchain');
            expect(layer.digest).toBe(history.find((r) => r.version === p.version)!.digest);
            // The release is its commit's files, whatever the working directory holds now.
            expect(fs.readFileSync(path.join(root, layer.source, name, 'bootstrap', 'install.ps1'), 'utf8').endsWith(`${p.marker}\n`)).toBe(true);
          }
          expect(await releaseDrift(root, [name])).toEqual([]);
          const target = history[releasePick % history.length]!;
          // A damaged copy of a release's files is read from its commit again.
          const source = (await resolveLayer(root, `${name}@${target.version}`, 'toolchain')).source;
          const files = filesUnder(root, source);
          const file = path.join(root, source, files[filePick % files.length]!);
          const before = fs.readFileSync(file);
          fs.appendFileSync(file, ' ');
          expect((await resolveLayer(root, `${name}@${target.version}`, 'toolchain')).source).toBe(source);
          expect(fs.readFileSync(file)).toEqual(before);
          // An entry whose digest is not its commit's files is found, at that release and no other.
          const text = fs.readFileSync(releasesFile, 'utf8');
          const doc = parseDocument(text);
          doc.setIn(['releases', history.indexOf(target), 'digest'], `sha256:${'e'.repeat(64)}`);
          fs.writeFileSync(releasesFile, doc.toString({ lineWidth: 0 }));
          expect((await releaseDrift(root, [name])).map((d) => d.message.split(':')[0])).toEqual([target.version]);
          fs.writeFileSync(releasesFile, text);
        }),
        RUNS,
      );
    } finally {
      reset();
    }
  });
});
