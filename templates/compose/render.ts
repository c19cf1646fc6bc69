/**
 * The composed Coder template's main.tf: both layers wired through the
 * contract, a coder_agent started the way the base runs it, the apps the
 * toolchain asks for from pinned registry modules, a compute-profile
 * parameter with the t-shirt sizes, and the provenance in locals and on the
 * workspace page (Property 15).
 */
import { attr, blank, block, comment, expr, renderFile, type HclValue, type Item } from './hcl.js';
import { KASMVNC_VERSION, REGISTRY_MODULES, TEMPLATE_PROVIDERS } from './registry-modules.js';
import type { Base, ToolchainManifest } from './layers.js';
import type { AcceptedOverride } from './overrides.js';
import type { ResolvedArtifact } from './artifacts.js';
import { DEPLOYMENT_TAG } from '../../iac/platform.js';
import type { CapabilityName } from '../contract/contract.generated.js';
import { DISTRIBUTION_NAMES } from './distribution.js';
import type { Distribution } from './layers.js';

export interface ComputeProfile {
  name: string;
  displayName: string;
  cpu: number;
  memoryGiB: number;
  homeGiB: number;
  instanceType?: string;
}

export interface Provenance {
  composition: string;
  contract: string;
  /** files_sha256: the release's digest (of its commit's files), or for dev the working directory's. */
  toolchain: { name: string; version: string; channel: string; files_sha256: string };
  /**
   * modules: the local modules the base calls, copied beside it (their files count in files_sha256);
   * module_sha256: each of those modules' own digest, to compare with what other bases bundle.
   */
  base: { name: string; version: string; channel: string; files_sha256: string; modules: string[]; module_sha256: Record<string, string> };
  /**
   * os_distribution: what the workspaces run (contract 1.2; absent for a base from before it), or
   * by default when the owner picks: choices, distribution → AMI, one per option offered.
   */
  artifact: { kind: ResolvedArtifact['kind']; image_id: string; lock_entry: string; source: ResolvedArtifact['source']; region: string; os_distribution?: string; choices?: Record<string, string> };
  capabilities: { required: Record<string, boolean | string>; enabled_optional: string[] };
  overrides: AcceptedOverride[];
  registry_modules: Record<string, string>;
  deployment: string;
}

export interface RenderInput {
  provenance: Provenance;
  toolchain: ToolchainManifest;
  base: Base;
  /** Capability settings (capability → value) the composition passes. */
  settings: Partial<Record<CapabilityName, boolean | string>>;
  profiles: ComputeProfile[];
  defaultProfile: string;
  /** Values of the base's instance-specific variables, from the deployment config. */
  instance: Record<string, HclValue>;
  region: string;
  deploymentName: string;
}

export function toolchainEnv(t: ToolchainManifest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const c of [...t.toolchain.languages, ...t.toolchain.tools, ...(t.toolchain.libraries ?? [])]) env[`TOOLCHAIN_${c.name.toUpperCase().replace(/-/g, '_')}_VERSION`] = c.version;
  return env;
}

/** Which registry modules a composition adds. */
export function appsFor(input: Pick<RenderInput, 'toolchain' | 'base' | 'settings'>, overrides: readonly AcceptedOverride[]): Array<keyof typeof REGISTRY_MODULES> {
  const apps: Array<keyof typeof REGISTRY_MODULES> = [...input.toolchain.apps];
  if (input.settings['gui-vnc'] === true) apps.push('kasmvnc');
  if (input.settings['gui-rdp'] === true) {
    const choice = overrides.find((o) => o.name === 'remote_desktop')?.value ?? 'dcv';
    apps.push(choice === 'web-rdp' ? 'windows-rdp' : 'amazon-dcv-windows');
  }
  return apps;
}

function providerBlocks(input: RenderInput): Item[] {
  const items: Item[] = [];
  if (input.base.providers.includes('kubernetes')) {
    items.push(comment("In-cluster configuration: the external provisioner's service account, which may\nmanage workspaces in the workspace namespace only."), block('provider', ['kubernetes'], []), blank);
  }
  if (input.base.providers.includes('aws')) {
    items.push(
      comment("Credentials: the provisioner's Pod Identity role, which may launch only tagged\nworkspaces into the workspace subnets."),
      block('provider', ['aws'], [attr('region', input.region), blank, block('default_tags', [], [attr('tags', { [DEPLOYMENT_TAG]: input.deploymentName })])]),
      blank,
    );
  }
  return items;
}

export function renderMainTf(input: RenderInput): string {
  const { provenance: p, base, toolchain } = input;
  const choices = p.artifact.choices && Object.keys(p.artifact.choices).length ? p.artifact.choices : undefined;
  const ec2 = base.kind === 'ec2';
  const windows = base.agent.os === 'windows';
  const overrides = new Map(p.overrides.map((o) => [o.name, o.value]));
  const providers = ['coder', ...base.providers];
  const required: Record<string, HclValue> = {};
  for (const name of providers) {
    const spec = TEMPLATE_PROVIDERS[name as keyof typeof TEMPLATE_PROVIDERS];
    if (!spec) throw new Error(`${base.name} requires the provider "${name}", which templates/compose/registry-modules.ts does not pin: add it to TEMPLATE_PROVIDERS`);
    required[name] = { source: spec.source, version: spec.version };
  }

  const profiles: Record<string, HclValue> = {};
  for (const pr of input.profiles) {
    profiles[pr.name] = { display_name: pr.displayName, cpu: pr.cpu, memory_gib: pr.memoryGiB, home_gib: pr.homeGiB, ...(pr.instanceType ? { instance_type: pr.instanceType } : {}) };
  }

  // The base's inputs: contract, Coder wiring, capabilities, instance settings, then overrides.
  const wiring: Record<string, HclValue> = {
    workspace_id: expr('data.coder_workspace.me.id'),
    owner_id: expr('data.coder_workspace_owner.me.id'),
    start: expr(ec2 ? 'data.coder_workspace.me.transition == "start"' : 'data.coder_workspace.me.start_count == 1'),
    agent_token: expr('coder_agent.main.token'),
    agent_init_script: expr('coder_agent.main.init_script'),
    coder_access_url: expr('data.coder_workspace.me.access_url'),
    runtime_env: expr('local.toolchain_env'),
    instance_type: expr('local.profile.instance_type'),
  };
  const capabilityArgs: Record<string, HclValue> = {};
  for (const [cap, value] of Object.entries(input.settings)) capabilityArgs[cap.replace(/-/g, '_')] = value as boolean | string;
  // The owner's pick, where the composition offers one.
  if (choices) capabilityArgs.os_distribution = expr('data.coder_parameter.os_distribution.value');
  const declared = (name: string) => name in base.variables;
  const section = (title: string, entries: Record<string, HclValue>): Item[] => {
    const items = Object.entries(entries).filter(([k]) => declared(k) && !overrides.has(k)).map(([k, v]) => attr(k, v));
    return items.length ? [blank, comment(title), ...items] : [];
  };
  const moduleBody: Item[] = [
    attr('source', `./modules/${base.name}`),
    blank,
    comment(`Contract inputs (contract ${p.contract})`),
    attr('workspace_name', expr('data.coder_workspace.me.name')),
    attr('owner', expr('data.coder_workspace_owner.me.name')),
    attr('compute_profile', { cpu: expr('local.profile.cpu'), memory: expr('"${local.profile.memory_gib}Gi"'), storage: expr('"${local.profile.home_gib}Gi"') }),
    attr('image_id', expr(choices ? 'local.images[data.coder_parameter.os_distribution.value]' : 'local.provenance.image_id')),
    ...section('Coder wiring', wiring),
    ...section('Capabilities', capabilityArgs),
    ...section('This deployment', input.instance),
  ];
  if (p.overrides.length) moduleBody.push(blank, comment('Overrides, each allowed by the named rule of the base\'s policies/overrides.yaml'), ...p.overrides.map((o) => attr(o.name, o.value)));
  const passed = new Set(moduleBody.flatMap((i) => (i.kind === 'attr' ? [i.name] : [])));
  const unmet = Object.entries(base.variables).filter(([name, v]) => !v.hasDefault && !passed.has(name)).map(([name]) => name);
  if (unmet.length) throw new Error(`${base.name} requires ${unmet.join(', ')}, which the composition does not know how to set: give ${unmet.length === 1 ? 'it' : 'them'} a default in the base, or teach templates/compose/render.ts the value`);

  const metadata = (display: string, key: string, script: string, interval: number) =>
    block('metadata', [], [attr('display_name', display), attr('key', key), attr('script', script), attr('interval', interval), attr('timeout', 1)]);
  const agent = block('resource', ['coder_agent', 'main'], [
    attr('os', base.agent.os),
    attr('arch', base.agent.arch),
    attr('auth', base.agent.auth),
    attr('startup_script_behavior', 'non-blocking'),
    attr('startup_script', expr(`file("\${path.module}/toolchain/${toolchain.bootstrap.script}")`)),
    attr('env', expr('merge(local.toolchain_env, module.base.runtime_env)')),
    attr('troubleshooting_url', 'https://coder.com/docs/admin/templates/troubleshooting'),
    blank,
    block('display_apps', [], [attr('vscode', !windows), attr('vscode_insiders', false), attr('web_terminal', true), attr('ssh_helper', !windows), attr('port_forwarding_helper', true)]),
    blank,
    metadata('CPU usage', 'cpu', 'coder stat cpu', 10),
    blank,
    metadata('Memory usage', 'memory', 'coder stat mem', 10),
    ...(windows ? [] : [blank, metadata('Home disk', 'home', 'coder stat disk --path /home/coder', 60)]),
  ]);

  const apps = appsFor(input, p.overrides).map((app, i) => {
    const m = REGISTRY_MODULES[app];
    const extra: Item[] = [];
    if (app === 'code-server') extra.push(attr('folder', '/home/coder'));
    if (app === 'kasmvnc') extra.push(attr('desktop_environment', 'xfce'), attr('kasm_version', KASMVNC_VERSION));
    if (app === 'windows-rdp' || app === 'amazon-dcv-windows') extra.push(attr('admin_password', expr('module.base.admin_password')));
    return block('module', [app.replace(/-/g, '_')], [
      attr('count', expr('data.coder_workspace.me.start_count')),
      attr('source', m.source),
      attr('version', m.version),
      attr('agent_id', expr('coder_agent.main.id')),
      ...extra,
      attr('order', i + 1),
    ]);
  });

  const options = input.profiles.map((pr) =>
    block('option', [], [attr('name', pr.displayName), attr('value', pr.name), attr('description', `${pr.cpu} vCPU, ${pr.memoryGiB} GiB memory, ${pr.homeGiB} GiB home${pr.instanceType ? ` (${pr.instanceType})` : ''}`)]),
  );

  const header = [
    `Composed by \`npm run compose\` from ${p.toolchain.name}@${p.toolchain.version} and ${p.base.name}@${p.base.version}`,
    `(contract ${p.contract}) for the deployment ${p.deployment}. Do not edit: change a layer`,
    'or templates/compositions.yaml and compose again. provenance.json records what was resolved.',
    ...(p.artifact.source === 'example' ? ['', 'ARTIFACTS ARE EXAMPLES (templates/artifacts.lock.yaml, source: example): resolve', 'them for your account before pushing this template.'] : []),
    ...[p.toolchain, p.base]
      .filter((l) => l.channel === 'dev')
      .flatMap((l) => ['', `DEV: ${l.name} comes from its working directory, not from a release; publish a`, `release (npm run compose -- release) and compose that before pushing this template.`]),
  ].join('\n');

  return renderFile([
    comment(header),
    blank,
    block('terraform', [], [attr('required_version', '>= 1.9'), block('required_providers', [], Object.entries(required).map(([k, v]) => attr(k, v)))]),
    blank,
    ...providerBlocks(input),
    block('variable', ['compute_profile'], [
      attr('description', 'Default compute profile; the coder stack sets it for each t-shirt size template.'),
      attr('type', expr('string')),
      attr('default', input.defaultProfile),
      block('validation', [], [attr('condition', expr(`contains(${JSON.stringify(input.profiles.map((x) => x.name)).replace(/,/g, ', ')}, var.compute_profile)`)), attr('error_message', `compute_profile must be one of ${input.profiles.map((x) => x.name).join(', ')}.`)]),
    ]),
    blank,
    block('locals', [], [
      attr('provenance', { contract: p.contract, toolchain: `${p.toolchain.name}@${p.toolchain.version}`, base: `${p.base.name}@${p.base.version}`, image_id: p.artifact.image_id, artifacts: p.artifact.source }),
      blank,
      attr('compute_profiles', profiles),
      attr('profile', expr('local.compute_profiles[data.coder_parameter.compute_profile.value]')),
      blank,
      comment('Versions from toolchain.yaml, for the bootstrap script and the tests.'),
      attr('toolchain_env', toolchainEnv(toolchain)),
      ...(choices ? [blank, comment('The AMI of each distribution the owner may pick (provenance.json artifact.choices).'), attr('images', choices)] : []),
    ]),
    blank,
    block('data', ['coder_provisioner', 'me'], []),
    block('data', ['coder_workspace', 'me'], []),
    block('data', ['coder_workspace_owner', 'me'], []),
    blank,
    block('data', ['coder_parameter', 'compute_profile'], [
      attr('name', 'compute_profile'),
      attr('display_name', 'Compute profile'),
      attr('description', 'vCPUs, memory and home size of the workspace.'),
      attr('type', 'string'),
      attr('form_type', 'radio'),
      attr('default', expr('var.compute_profile')),
      // Fixed at creation: the sizes' home volumes differ, and switching would shrink a PVC or EBS
      // volume (refused) or grow an EBS volume without growing its filesystem. Each size is its own
      // Coder template anyway (iac/coder/catalog.ts); another size is a new workspace.
      attr('mutable', false),
      attr('order', 1),
      ...options.flatMap((o) => [blank, o]),
    ]),
    ...(choices
      ? [
          blank,
          block('data', ['coder_parameter', 'os_distribution'], [
            attr('name', 'os_distribution'),
            attr('display_name', 'Operating system'),
            attr('description', 'The distribution the workspace runs.'),
            attr('type', 'string'),
            attr('form_type', 'radio'),
            attr('default', p.artifact.os_distribution ?? Object.keys(choices)[0]!),
            // Fixed at creation: another distribution is another AMI, which replaces the instance.
            attr('mutable', false),
            attr('order', 2),
            ...Object.keys(choices).flatMap((d) => [blank, block('option', [], [attr('name', DISTRIBUTION_NAMES[d as Distribution] ?? d), attr('value', d)])]),
          ]),
        ]
      : []),
    blank,
    agent,
    blank,
    block('module', ['base'], moduleBody),
    blank,
    ...apps.flatMap((a) => [a, blank]),
    comment('Provenance and what the base resolved, on the workspace page. daily_cost: one\nquota credit per vCPU per day.'),
    block('resource', ['coder_metadata', 'workspace'], [
      attr('resource_id', expr('module.base.resource_id')),
      attr('daily_cost', expr('local.profile.cpu')),
      blank,
      block('item', [], [attr('key', 'toolchain'), attr('value', expr('local.provenance.toolchain'))]),
      block('item', [], [attr('key', 'base'), attr('value', expr('local.provenance.base'))]),
      block('item', [], [attr('key', 'image'), attr('value', expr(choices ? 'local.images[data.coder_parameter.os_distribution.value]' : 'local.provenance.image_id'))]),
      block('item', [], [attr('key', 'compute profile'), attr('value', expr('data.coder_parameter.compute_profile.value'))]),
      block('dynamic', ['item'], [attr('for_each', expr('module.base.metadata')), block('content', [], [attr('key', expr('item.key')), attr('value', expr('item.value'))])]),
    ]),
  ]);
}
