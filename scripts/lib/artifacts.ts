/**
 * Generated artifacts: files derived from the synthesized stacks that the
 * guide reads (tables, imported excerpts). They are committed, so reviewers see
 * what a change does to the infrastructure, and the drift gate regenerates
 * them to prove the committed copies are current.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Deployment } from '../../iac/deployment.js';
import { configReference } from '../../iac/config/reference.js';
import { CHECKS } from '../../iac/policies/checks.js';
import { TSHIRT_SIZES } from '../../iac/coder/catalog.js';
import { deploymentFiles, type Artifact } from './deployment-files.js';
import { generatedDiagrams } from '../../iac/diagrams/index.js';
import { compositionRefs } from '../../templates/compose/compositions-file.js';
import { paths } from './paths.js';
import { runCommand, STEPS } from './guide/steps.js';
import { toolSpecs } from './guide/tools.js';
import { writeFileAtomic } from './atomic.js';
import { encodedHighlight } from '../../src/code-highlight/prism-tokenize.js';
import { quotaNeeds } from '../../iac/preflight/quotas.js';
import { estimateCost } from '../../iac/cost/estimate.js';
import { PRICES } from '../../iac/cost/prices.js';
import { INTERFACE_ENDPOINTS } from '../../iac/stacks/network-stack.js';

export type { Artifact };

/** The directory all generated artifacts live under. */
export const GENERATED_DIR = 'generated';

interface SynthesizedStack {
  terraform?: { backend?: Record<string, Record<string, unknown>>; required_providers?: Record<string, unknown>; required_version?: string };
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
  output?: Record<string, unknown>;
}

export interface StackSummary {
  stack: string;
  backend: { type: string; key: string };
  requiredVersion: string | null;
  providers: Record<string, unknown>;
  resources: Record<string, number>;
  resourceCount: number;
  outputs: string[];
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function countByType(blocks: SynthesizedStack['resource']): Record<string, number> {
  return Object.fromEntries(
    Object.entries(blocks ?? {})
      .map(([type, byName]) => [type, Object.keys(byName).length] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

export function summarizeStack(stack: string, synthesized: SynthesizedStack): StackSummary {
  const [backendType, backend] = Object.entries(synthesized.terraform?.backend ?? {})[0] ?? ['none', {}];
  const resources = countByType(synthesized.resource);
  return {
    stack,
    backend: { type: backendType, key: String((backend as { key?: string }).key ?? '') },
    requiredVersion: synthesized.terraform?.required_version ?? null,
    providers: synthesized.terraform?.required_providers ?? {},
    resources,
    resourceCount: Object.values(resources).reduce((a, b) => a + b, 0),
    outputs: Object.keys(synthesized.output ?? {}).sort(),
  };
}

/** The capacity plan of a deployment, as the guide's tables read it. */
export function capacityArtifact(deployment: Deployment): unknown {
  const { sizing, network, config } = deployment;
  return {
    profile: config.name,
    inputs: config.capacity,
    peakWindow: config.peakWindow,
    tier: { name: sizing.tier.name, users: sizing.tier.users, runningWorkspaces: sizing.tier.runningWorkspaces, concurrentBuilds: sizing.tier.concurrentBuilds },
    coderd: sizing.coderd,
    provisioners: sizing.provisioners,
    workspaces: sizing.workspaces,
    nodeGroups: sizing.nodeGroups,
    database: sizing.database,
    network,
  };
}

/** Derives every artifact: from a synth output directory (…/stacks/<stack>/cdk.tf.json) and the deployment it came from. */
export function deriveArtifacts(synthDir: string, deployment: Deployment): Artifact[] {
  const stacksDir = path.join(synthDir, 'stacks');
  const stacks = fs.readdirSync(stacksDir).sort();
  const artifacts: Artifact[] = [];
  const summaries: StackSummary[] = [];
  for (const stack of stacks) {
    const synthesized = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as SynthesizedStack;
    summaries.push(summarizeStack(stack, synthesized));
    // The `terraform {}` block as synthesized: backend, provider pins, version constraint.
    artifacts.push({ path: `${GENERATED_DIR}/stacks/${stack}/terraform.json`, content: json({ terraform: synthesized.terraform }) });
  }
  artifacts.push({ path: `${GENERATED_DIR}/stacks/index.json`, content: json(summaries) });
  artifacts.push({ path: `${GENERATED_DIR}/capacity/plan.json`, content: json(capacityArtifact(deployment)) });
  // What the quota pre-flight asks of the account for this profile, for the prerequisites page.
  artifacts.push({ path: `${GENERATED_DIR}/preflight/quota-needs.json`, content: json(quotaNeeds(deployment)) });
  artifacts.push({ path: `${GENERATED_DIR}/config/reference.json`, content: json(configReference()) });
  artifacts.push(...deploymentFiles(deployment, GENERATED_DIR));
  for (const d of generatedDiagrams(deployment, compositionRefs(paths.root))) artifacts.push({ path: `${GENERATED_DIR}/diagrams/${d.name}.mmd`, content: d.definition });
  artifacts.push({ path: `${GENERATED_DIR}/coder/catalog.json`, content: json(TSHIRT_SIZES) });
  // The CLIs the steps need, at the minimum versions the runner checks, for the prerequisites page.
  artifacts.push({ path: `${GENERATED_DIR}/guide/tools.json`, content: json(Object.entries(toolSpecs(deployment.config.cluster.version)).map(([name, t]) => ({ name, commands: t.commands, min: t.min ?? null, ...(t.minFor ? { minFor: t.minFor } : {}), purpose: t.purpose, install: t.install }))) });
  // The runner's steps, for the pages that show how to run each step; each command with its
  // highlighting, which the browser does not compute (src/code-highlight).
  artifacts.push({ path: `${GENERATED_DIR}/guide/steps.json`, content: json(STEPS.map((s, i) => ({ n: i + 1, ...s, command: runCommand(s.id), commandHighlight: encodedHighlight(runCommand(s.id), 'bash'), resume: runCommand() }))) });
  artifacts.push({ path: `${GENERATED_DIR}/cost/estimate.json`, content: json(estimateCost(deployment, PRICES, INTERFACE_ENDPOINTS.length)) });
  artifacts.push({ path: `${GENERATED_DIR}/policies/checks.json`, content: json(CHECKS.map(({ id, title, controls }) => ({ id, title, controls }))) });
  return artifacts.sort((a, b) => a.path.localeCompare(b.path));
}

/** Every file currently under generated/, repository-relative. */
export function listCommittedArtifacts(rootDir: string): string[] {
  const base = path.join(rootDir, GENERATED_DIR);
  if (!fs.existsSync(base)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else out.push(path.relative(rootDir, abs).split(path.sep).join('/'));
    }
  };
  walk(base);
  return out.sort();
}

/** Writes artifacts and removes generated files no artifact produces any more. */
export function writeArtifacts(rootDir: string, artifacts: Artifact[]): { written: string[]; removed: string[] } {
  const wanted = new Set(artifacts.map((a) => a.path));
  const removed = listCommittedArtifacts(rootDir).filter((p) => !wanted.has(p));
  for (const p of removed) fs.rmSync(path.join(rootDir, p));
  const written: string[] = [];
  for (const artifact of artifacts) {
    const abs = path.join(rootDir, artifact.path);
    if (fs.existsSync(abs) && fs.readFileSync(abs, 'utf8') === artifact.content) continue;
    writeFileAtomic(abs, artifact.content);
    written.push(artifact.path);
  }
  return { written, removed };
}
