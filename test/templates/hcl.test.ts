/**
 * The bases, their shared EC2 block and the composed templates, read with a
 * real HCL parser: every variable used is declared, the contract's inputs and
 * outputs are present, module sources are pinned, no privileged containers,
 * IMDSv2 and encryption on EC2, a NetworkPolicy per workspace on Kubernetes,
 * and `terraform fmt -check` where the binary exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../helpers/repo.js';
import { PROJECT_HISTORY } from '../helpers/templates.js';
import { skipLoudly } from '../helpers/tools.js';
import { filesAt } from '../../templates/compose/git-history.js';
import { loadReleases } from '../../templates/compose/layers.js';
import { blocks, declaredVariables, parseDir, referencedVariables, resources, strings, type Json } from '../helpers/hcl.js';
import { loadContract } from '../../templates/compose/contract.js';
import { REGISTRY_MODULES, TEMPLATE_PROVIDERS } from '../../templates/compose/registry-modules.js';
import { defaultWorkspaceProfile } from '../../iac/stacks/identity-stack.js';
import { loadDeployment } from '../../iac/deployment.js';
import { GPU_WORKSPACE_TYPES, workspaceInstanceType } from '../../iac/capacity/instances.js';
import { isGpuSize, TSHIRT_SIZES } from '../../iac/coder/catalog.js';

const T = path.join(repoRoot, 'templates');
if (PROJECT_HISTORY) skipLoudly('composed templates held file for file to the releases they name', PROJECT_HISTORY);
const BASES = ['base-k8s', 'base-ec2-linux', 'base-ec2-windows', 'base-ec2-gpu'];
const MODULE_DIRS = [...BASES, 'shared-ec2-workspace'];
const COMPOSED = fs.readdirSync(path.join(T, 'composed')).sort();
const contract = loadContract(repoRoot);

describe('HCL modules under templates/', () => {
  it.each(MODULE_DIRS)('%s: every variable it uses is declared, and every declared variable has a description', async (dir) => {
    const files = await parseDir(path.join(T, dir));
    const declared = declaredVariables(files);
    expect([...referencedVariables(files)].filter((v) => !declared.has(v))).toEqual([]);
    for (const [name, bodies] of Object.entries(blocks<Json[]>(files, 'variable'))) expect(bodies[0]!.description, `${dir}: variable ${name}`).toBeTruthy();
  });

  it.each(BASES)('%s: declares the contract inputs (with validation) and outputs, and capabilities.tf', async (dir) => {
    const files = await parseDir(path.join(T, dir));
    const variables = blocks<Json[]>(files, 'variable');
    for (const input of Object.keys(contract.inputs)) {
      expect(variables[input], `${dir} declares the contract input ${input}`).toBeDefined();
      if (input !== 'workspace_id') expect(variables[input]![0]!.validation, `${dir}: ${input} is validated`).toBeDefined();
    }
    const outputs = blocks(files, 'output');
    for (const output of Object.keys(contract.outputs)) expect(outputs[output], `${dir} returns the contract output ${output}`).toBeDefined();
    expect([...files.keys()]).toEqual(expect.arrayContaining(['main.tf', 'variables.tf', 'outputs.tf', 'capabilities.tf']));
    expect(fs.existsSync(path.join(T, dir, 'policies', 'overrides.yaml'))).toBe(true);
  });

  it.each(MODULE_DIRS)('%s: module sources are local or pinned, providers carry version constraints', async (dir) => {
    const files = await parseDir(path.join(T, dir));
    for (const [name, bodies] of Object.entries(blocks<Json[]>(files, 'module'))) {
      const source = bodies[0]!.source as string;
      if (source.startsWith('../') || source.startsWith('./')) expect(fs.existsSync(path.join(T, dir, source)), `${dir}: module ${name} → ${source}`).toBe(true);
      else expect(bodies[0]!.version, `${dir}: module ${name} from a registry is pinned`).toMatch(/^\d+\.\d+\.\d+$/);
    }
    for (const f of files.values()) {
      for (const t of (f.terraform as Json[] | undefined) ?? []) {
        for (const rp of (t.required_providers as Json[] | undefined) ?? []) for (const [p, spec] of Object.entries(rp)) expect((spec as { version?: string }).version, `${dir}: provider ${p}`).toBe(TEMPLATE_PROVIDERS[p as keyof typeof TEMPLATE_PROVIDERS].version);
      }
    }
  });

  it('base-k8s: a non-privileged pod on the workspace node group that the autoscaler never evicts', async () => {
    const files = await parseDir(path.join(T, 'base-k8s'));
    const deployment = resources(files, 'kubernetes_deployment_v1').workspace!;
    const spec = (((deployment.spec as Json[])[0]!.template as Json[])[0]!.spec as Json[])[0]!;
    const meta = ((((deployment.spec as Json[])[0]!.template as Json[])[0]!.metadata as Json[])[0]!);
    expect(meta.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
    expect(spec.automount_service_account_token).toBe(false);
    expect(spec.node_selector).toEqual({ '${(var.node_group_label)}': '${var.node_group}' });
    const container = (spec.container as Json[])[0]!;
    const security = (container.security_context as Json[])[0]!;
    expect(security.privileged).toBe(false);
    expect(security.allow_privilege_escalation).toBe('${var.allow_privilege_escalation}');
    expect((security.capabilities as Json[])[0]!.drop).toEqual(['ALL']);
    const variables = blocks<Json[]>(files, 'variable');
    expect(variables.allow_privilege_escalation![0]!.default).toBe(false);
    // No container anywhere in the templates is privileged.
    for (const dir of [...MODULE_DIRS, ...COMPOSED.map((c) => path.join('composed', c))]) {
      const text = fs.readdirSync(path.join(T, dir), { recursive: true }).map(String).filter((f) => f.endsWith('.tf')).map((f) => fs.readFileSync(path.join(T, dir, f), 'utf8')).join('\n');
      expect(text).not.toMatch(/privileged\s*=\s*true/);
    }
  });

  it('base-k8s: a NetworkPolicy per workspace: its own pod, both directions, ingress from coderd only, egress never into the VPC', async () => {
    const files = await parseDir(path.join(T, 'base-k8s'));
    const policy = resources(files, 'kubernetes_network_policy_v1').workspace!;
    const spec = (policy.spec as Json[])[0]!;
    expect(((spec.pod_selector as Json[])[0]!.match_labels as Json)['com.coder.workspace.id']).toBe('${var.workspace_id}');
    expect(spec.policy_types).toEqual(['Ingress', 'Egress']);
    expect(strings(spec.ingress)).toEqual(['${var.coder_namespace}']);
    const locals = Object.assign({}, ...[...files.values()].flatMap((f) => (f.locals as Json[]) ?? []));
    expect((locals.outside_vpc as Json).except).toEqual(['${var.vpc_cidr}', '169.254.169.254/32']);
  });

  it('EC2: IMDSv2 only, encrypted gp3 volumes, no ingress, every resource tagged for the provisioner policy', async () => {
    const files = await parseDir(path.join(T, 'shared-ec2-workspace'));
    const instance = resources(files, 'aws_instance').workspace!;
    expect((instance.metadata_options as Json[])[0]).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect((instance.root_block_device as Json[])[0]).toMatchObject({ encrypted: true, volume_type: 'gp3' });
    expect(resources(files, 'aws_ebs_volume').home).toMatchObject({ encrypted: true, type: 'gp3' });
    expect(resources(files, 'aws_vpc_security_group_ingress_rule')).toEqual({});
    expect(resources(files, 'aws_security_group').workspace!.ingress).toBeUndefined();
    for (const type of ['aws_instance', 'aws_ebs_volume', 'aws_security_group', 'aws_vpc_security_group_egress_rule']) {
      for (const [name, body] of Object.entries(resources(files, type))) expect(String(body.tags), `${type}.${name} is tagged`).toMatch(/local\.tags/);
    }
    const locals = Object.assign({}, ...[...files.values()].flatMap((f) => (f.locals as Json[]) ?? []));
    expect(locals.tags).toContain('"coder.com/deployment" = var.deployment_name');
  });

  it('base-ec2-gpu accepts exactly the GPU types of the instance catalog, and every GPU size runs on one of them', async () => {
    const files = await parseDir(path.join(T, 'base-ec2-gpu'));
    const condition = String(((blocks<Json[]>(files, 'variable').instance_type![0]!.validation as Json[])[0]!).condition);
    const allowed = JSON.parse(/contains\((\[[^\]]*\])/.exec(condition)![1]!) as string[];
    expect(allowed).toEqual([...GPU_WORKSPACE_TYPES]);
    for (const size of TSHIRT_SIZES.filter(isGpuSize)) expect(allowed, size.name).toContain(workspaceInstanceType({ vcpu: size.vcpu, memoryGiB: size.memoryGiB }, true));
    // The GPU page names the type each GPU size runs on: the one the catalog picks.
    const page = fs.readFileSync(path.join(repoRoot, 'docs', 'templates', 'sizes-gui-gpu.mdx'), 'utf8').replace(/\s+/g, ' ');
    const stated = Object.fromEntries([...page.matchAll(/`([a-z-]+)` runs on `([a-z0-9.]+)`/g)].map((m) => [m[1]!, m[2]!]));
    expect(stated).toEqual(Object.fromEntries(TSHIRT_SIZES.filter(isGpuSize).map((size) => [size.name, workspaceInstanceType({ vcpu: size.vcpu, memoryGiB: size.memoryGiB }, true)])));
  });

  it('EC2 bases default to the instance profile the identity stack creates, and refuse others outside <name>-workspace-*', () => {
    const name = loadDeployment('production').config.name;
    for (const base of ['base-ec2-linux', 'base-ec2-windows']) {
      const caps = fs.readFileSync(path.join(T, base, 'capabilities.tf'), 'utf8');
      expect(caps.replace('${var.deployment_name}', name)).toContain(`"${defaultWorkspaceProfile(name)}"`);
      expect(fs.readFileSync(path.join(T, base, 'variables.tf'), 'utf8')).toContain('startswith(var.instance_profile_name, "${var.deployment_name}-workspace-")');
    }
  });
});

describe('composed templates', () => {
  it('are the seven compositions of templates/compositions.yaml', () => {
    const file = parseYaml(fs.readFileSync(path.join(T, 'compositions.yaml'), 'utf8')) as { compositions: Record<string, unknown> };
    expect(COMPOSED).toEqual(Object.keys(file.compositions).sort());
    expect(COMPOSED).toEqual(['ec2-datasci', 'ec2-datasci-gpu', 'ec2-swdev', 'ec2-swdev-gui', 'ec2-windev-gui', 'pod-swdev', 'pod-swdev-gui']);
  });

  it.each(COMPOSED)('%s: parses; every variable used is declared; registry modules pinned; both layers inside', async (name) => {
    const dir = path.join(T, 'composed', name);
    const files = await parseDir(dir);
    const declared = declaredVariables(files);
    expect([...referencedVariables(files)].filter((v) => !declared.has(v))).toEqual([]);
    const modules = blocks<Json[]>(files, 'module');
    for (const [m, bodies] of Object.entries(modules)) {
      const source = bodies[0]!.source as string;
      if (source.startsWith('./')) {
        expect(fs.existsSync(path.join(dir, source, 'main.tf')), `${name}: ${source}`).toBe(true);
        continue;
      }
      const known = Object.values(REGISTRY_MODULES).find((r) => r.source === source);
      expect(known, `${name}: module ${m} comes from a known registry module`).toBeDefined();
      expect(bodies[0]!.version).toBe(known!.version);
    }
    for (const vendored of fs.readdirSync(path.join(dir, 'modules'))) {
      const inner = await parseDir(path.join(dir, 'modules', vendored));
      const innerDeclared = declaredVariables(inner);
      expect([...referencedVariables(inner)].filter((v) => !innerDeclared.has(v))).toEqual([]);
    }
    const provenance = JSON.parse(fs.readFileSync(path.join(dir, 'provenance.json'), 'utf8'));
    // Both layers are the releases provenance names, file for file, as their commits hold them
    // (read through git here, not from the folder compose wrote them to).
    if (PROJECT_HISTORY) return;
    const t = provenance.toolchain;
    const commitOf = (layer: string, version: string) => loadReleases(repoRoot, layer).releases.find((r) => r.version === version)!.commit;
    const toolchainFiles = filesAt(repoRoot, commitOf(t.name, t.version), [t.name]);
    expect(fs.readFileSync(path.join(dir, 'toolchain', 'toolchain.yaml'), 'utf8')).toBe(toolchainFiles.get(`${t.name}/toolchain.yaml`)!.toString('utf8'));
    const baseFiles = filesAt(repoRoot, commitOf(provenance.base.name, provenance.base.version), [provenance.base.name, ...provenance.base.modules]);
    for (const m of [provenance.base.name, ...provenance.base.modules]) {
      expect(fs.readFileSync(path.join(dir, 'modules', m, 'main.tf'), 'utf8'), m).toBe(baseFiles.get(`${m}/main.tf`)!.toString('utf8'));
    }
  });

  const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  it.skipIf(terraform.error !== undefined)('terraform fmt -check is clean over templates/ (bases and composed)', () => {
    const result = spawnSync('terraform', ['fmt', '-check', '-recursive', '-list=true', T], { encoding: 'utf8' });
    expect(result.stdout.trim(), 'files terraform fmt would change').toBe('');
    expect(result.status).toBe(0);
  });
});
