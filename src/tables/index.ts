/**
 * The guide's data tables as plain data: header and rows of cells, built from
 * the generated artifacts. The site renders them as React tables
 * (src/components/DataTable.tsx); the coder.com/docs export renders the same
 * tables as Markdown. One builder per table, so both always agree.
 */
import inventory from '../../generated/stacks/index.json';
import plan from '../../generated/capacity/plan.json';
import reference from '../../generated/config/reference.json';
import checks from '../../generated/policies/checks.json';
import sizes from '../../generated/coder/catalog.json';
import estimate from '../../generated/cost/estimate.json';
import quotas from '../../generated/preflight/quota-needs.json';
import tools from '../../generated/guide/tools.json';
import steps from '../../generated/guide/steps.json';

export interface Cell {
  text: string;
  code?: boolean;
  strong?: boolean;
}
export interface Table {
  label: string;
  header: string[];
  rows: Cell[][];
  /** Paragraphs shown after the table. */
  notes?: string[];
  list?: string[];
}

const t = (text: string | number): Cell => ({ text: String(text) });
const c = (text: string): Cell => ({ text, code: true });
const n = (x: number) => x.toLocaleString('en-US');
const NODE_GROUP_NAMES: Record<string, string> = { control: 'coder-control', provisioner: 'coder-prov', workspace: 'coder-ws' };
const WORKLOAD: Record<string, string> = { control: 'coderd replica', provisioner: 'provisioner', workspace: 'workspace' };

export function stackInventoryTable(): Table {
  type S = { stack: string; backend: { type: string; key: string }; providers: Record<string, { source?: string; version?: string }>; resources: Record<string, number>; resourceCount: number };
  return {
    label: 'Synthesized stacks',
    header: ['Stack', 'State object', 'Providers', 'Resources'],
    rows: (inventory as unknown as S[]).map((s) => [
      c(s.stack),
      { text: `${s.backend.key} (${s.backend.type})` },
      t(Object.values(s.providers).map((p) => `${p.source ?? '?'} ${p.version ?? ''}`.trim()).join(', ')),
      t(`${s.resourceCount}: ${Object.entries(s.resources).map(([type, k]) => (k > 1 ? `${type} ×${k}` : type)).join(', ')}`),
    ]),
  };
}

export function cidrPlanTable(): Table {
  return {
    label: 'Subnet plan',
    header: ['Tier', 'Availability Zone', 'CIDR', 'Usable addresses', 'Needed at peak (with buffer)'],
    rows: plan.network.subnets.map((s) => [t(s.tier), t(s.az), c(s.cidr), t(n(s.usable)), t(n(s.needed))]),
    notes: [`VPC ${plan.network.vpcCidr}: ${n(plan.network.free)} addresses left unallocated for growth.`],
  };
}

export function nodeGroupTable(): Table {
  const groups = plan.nodeGroups as Record<string, { instanceType: string; perNode: number; peak: number; offHours: number; min: number; max: number }>;
  return {
    label: 'Node groups',
    header: ['Node group', 'Instance type', 'Per node', 'Peak nodes', 'Off-hours nodes', 'Min / max'],
    rows: Object.entries(groups).map(([key, g]) => [
      c(NODE_GROUP_NAMES[key] ?? key),
      c(g.instanceType),
      t(`${g.perNode} ${WORKLOAD[key] ?? 'pod'}${g.perNode === 1 ? '' : 's'}`),
      t(g.peak),
      t(g.offHours),
      t(`${g.min} / ${g.max}`),
    ]),
  };
}

export function sizingSummaryTable(): Table {
  const { tier, coderd, provisioners, database, workspaces, inputs } = plan;
  const ec2 = workspaces.peak.ec2Linux + workspaces.peak.ec2Windows + workspaces.peak.ec2Gpu;
  return {
    label: 'Sizing summary',
    header: ['Component', 'Size', 'Why'],
    rows: [
      [t('Coder tier'), t(tier.name), t(`${n(inputs.users)} users and ${n(inputs.peakWorkspaces)} running workspaces: the smallest validated architecture none of whose limits (${n(tier.users)} users, ${n(tier.runningWorkspaces)} running workspaces, ${tier.concurrentBuilds} builds) is exceeded`)],
      [t('coderd'), t(`${coderd.replicas} replicas × ${coderd.cpu} vCPU / ${coderd.memoryGiB} GiB, static`), t("the tier's replica count and size; never autoscaled")],
      [t('Provisioners'), t(`${provisioners.peak} at peak, ${provisioners.offHours} off-hours × ${provisioners.cpu} vCPU / ${provisioners.memoryGiB} GiB`), t(`one per concurrent build; builds are ${Math.round(inputs.buildShare * 100)}% of running workspaces`)],
      [t('Workspaces at peak'), t(`${n(workspaces.peak.pod)} pods, ${n(ec2)} EC2 (${workspaces.peak.ec2Linux} Linux, ${workspaces.peak.ec2Windows} Windows, ${workspaces.peak.ec2Gpu} GPU)`), t('the configured workspace mix')],
      [t('Aurora Serverless v2'), t(`${database.minAcu}–${database.maxAcu} ACU, max_connections ${database.maxConnections}`), t(`ceiling from the tier's database memory (1 ACU ≈ 2 GiB); floor keeps ${database.requiredConnections} connections (every coderd pool + 20%) open at minimum capacity`)],
    ],
  };
}

export function configReferenceTable(): Table {
  type R = { field: string; type: string; required: boolean; default?: string; description: string; section: boolean };
  return {
    label: 'Configuration fields',
    header: ['Field', 'Type', 'Default', 'Meaning'],
    rows: (reference as R[]).map((r) => [
      { text: r.field, code: true, strong: r.section },
      c(r.type),
      r.default !== undefined ? c(r.default) : t(r.required ? 'required' : 'optional'),
      t(r.description),
    ]),
  };
}

export function policyChecksTable(): Table {
  return { label: 'Security checks', header: ['Check', 'What it requires', 'Controls'], rows: checks.map((k) => [c(k.id), t(k.title), t(k.controls.join(', '))]) };
}

export function tshirtTable(): Table {
  return {
    label: 'Workspace t-shirt sizes',
    header: ['Template', 'Size', 'vCPU', 'Memory', 'Home', 'Composition', 'For'],
    rows: sizes.map((s) => [c(s.name), t(s.displayName), t(s.vcpu), t(`${s.memoryGiB} GiB`), t(`${s.storageGiB} GiB`), c(s.composition), t(s.audience)]),
  };
}

export function costTable(): Table {
  const money = (x: number) => x.toLocaleString('en-US', { style: 'currency', currency: estimate.currency, maximumFractionDigits: 0 });
  return {
    label: 'Monthly cost estimate',
    header: ['Item', 'Quantity per month', 'Monthly'],
    rows: [
      ...estimate.lines.map((l) => [t(l.item), t(l.quantity), t(money(l.monthly))]),
      [{ text: `Total (list prices, ${estimate.region}, as of ${estimate.asOf})`, strong: true }, t(''), { text: money(estimate.total), strong: true }],
    ],
    notes: [`Peak window: about ${estimate.peakHoursPerMonth} hours a month at the peak node counts. Not included:`],
    list: estimate.excluded,
  };
}

/** The tables pages may use, by the component name they use in MDX. */
export function quotaNeedsTable(): Table {
  return {
    label: 'Service quotas the production profile needs',
    header: ['Quota', 'Code', 'AWS default', 'Needed', 'Why'],
    rows: quotas.map((q) => [t(q.name), c(`${q.serviceCode} ${q.quotaCode}`), t(n(q.awsDefault)), { text: n(q.needed), strong: q.needed > q.awsDefault }, t(q.reasoning)]),
    notes: ['Needed values above the AWS default (in bold) need an increase unless your account already has one applied: npm run preflight:quotas reads what is applied.'],
  };
}

export function toolsTable(): Table {
  return {
    label: 'Command-line tools',
    header: ['Tool', 'Minimum version', 'Used for', 'Install'],
    rows: tools.map((tool) => [c(tool.commands.join(' or ')), t([tool.min ?? 'any', ...Object.entries((tool as { minFor?: Record<string, string> }).minFor ?? {}).map(([cmd, min]) => `${cmd} ${min}`)].join('; ')), t(tool.purpose), t(tool.install)]),
    notes: ['npm run guide checks the tools of every step it will run against these minimums before the first step; kubectl\'s follows the cluster version of the profile (one minor version of skew), the coder CLI\'s the coderd release the guide installs.'],
  };
}

export function guideStepsTable(): Table {
  return {
    label: 'The steps of npm run guide',
    header: ['Step', 'Id', 'What it does', 'Changes', 'Retries', 'Time limit'],
    rows: steps.map((step) => [
      t(step.n),
      c(step.id),
      t(step.title),
      t(step.changes ?? 'nothing (reads and checks)'),
      t(step.retry ? `${step.retry.attempts - 1}, after ${step.retry.backoffSeconds} s, doubling` : 'none'),
      t(`${step.timeoutMinutes} min`),
    ]),
  };
}

/**
 * What running a step with `npm run guide` does, as text and code spans: the HowToRun tab shows it
 * under the command, and the Markdown export after the copy-and-paste block.
 */
export function runnerNote(stepId: string): { command: string; commandHighlight: string; spans: Cell[] } {
  const s = steps.find((x) => x.id === stepId);
  if (!s) throw new Error(`no runner step "${stepId}" in generated/guide/steps.json`);
  const checks = [`${s.tools.join(', ')} on PATH at the guide's minimum versions`, s.aws ? "AWS credentials for the deployment's account" : '', s.coder ? 'CODER_URL and CODER_SESSION_TOKEN' : ''].filter(Boolean);
  const retries = s.retry ? s.retry.attempts - 1 : 0;
  const spans: Cell[] = [
    t(`Step ${s.n} of ${steps.length} runs `),
    c([s.snippet, ...(s.args ?? [])].join(' ')),
    t(`, the same file as the copy-and-paste block, after checking ${checks.join('; ')}.`),
    ...(s.changes ? [t(` It ${s.changes}, so it asks first unless you pass `), c('--yes'), t('.')] : [t(' It changes nothing.')]),
    ...(s.retry ? [t(` A failure is retried ${retries === 1 ? 'once' : `${retries} times`}, waiting ${s.retry.backoffSeconds} s and doubling.`)] : []),
    t(' Progress is kept in '),
    c('.guide/'),
    t(': '),
    c(s.resume),
    t(' resumes where a run stopped.'),
  ];
  return { command: s.command, commandHighlight: s.commandHighlight, spans };
}

export const TABLES: Record<string, () => Table> = {
  GuideSteps: guideStepsTable,
  ToolsTable: toolsTable,
  QuotaNeeds: quotaNeedsTable,
  StackInventory: stackInventoryTable,
  CidrPlan: cidrPlanTable,
  NodeGroupTable: nodeGroupTable,
  SizingSummary: sizingSummaryTable,
  ConfigReference: configReferenceTable,
  PolicyChecks: policyChecksTable,
  TShirtSizes: tshirtTable,
  CostEstimate: costTable,
};
