/**
 * Diagrams that show configured values (CIDRs, node groups, templates) are
 * generated from the deployment, so they cannot disagree with the IaC. Each
 * function returns Mermaid source; the pipeline renders it like the
 * hand-written diagrams in diagrams/.
 */
import type { Deployment } from '../deployment.js';
import { TSHIRT_SIZES } from '../coder/catalog.js';
import { NAMESPACES, NODE_GROUPS } from '../platform.js';
import { CONTRACT_VERSION } from '../../templates/contract/contract.generated.js';

const TIER_LABELS = { public: 'Public: NAT, NLB', control: 'Control plane', provisioner: 'Provisioners', workspace: 'Workspaces', database: 'Database' } as const;

const id = (s: string) => s.replace(/[^a-zA-Z0-9]/g, '_');

// #region network-diagram
export function networkDiagram(deployment: Deployment): string {
  const { network, config } = deployment;
  // One column per zone: tiers chained top to bottom by invisible links; the zones are separate
  // components, which the layout places side by side (declared last first, to read a → c).
  const lines = ['---', `title: VPC ${network.vpcCidr}`, '---', 'flowchart TB'];
  for (const az of [...config.availabilityZones].reverse()) {
    const tiers = network.subnets.filter((x) => x.az === az);
    lines.push(`  subgraph ${id(az)}["${az}"]`, '    direction TB');
    for (const s of tiers) lines.push(`    ${id(`${s.tier}-${az}`)}["${TIER_LABELS[s.tier]}<br/>${s.cidr}"]`);
    lines.push(`    ${tiers.map((s) => id(`${s.tier}-${az}`)).join(' ~~~ ')}`, '  end');
  }
  lines.push('  classDef public fill:#dbeafe,stroke:#1d4ed8', '  classDef private fill:#f1f5f9,stroke:#475569', '  classDef data fill:#fef3c7,stroke:#b45309');
  for (const s of network.subnets) lines.push(`  class ${id(`${s.tier}-${s.az}`)} ${s.tier === 'public' ? 'public' : s.tier === 'database' ? 'data' : 'private'}`);
  return `${lines.join('\n')}\n`;
}
// #endregion network-diagram

export function clusterDiagram(deployment: Deployment): string {
  const ng = deployment.sizing.nodeGroups;
  const group = (key: keyof typeof ng, name: string, what: string) =>
    `    ${id(name)}["<b>${name}</b><br/>${ng[key].instanceType}<br/>min ${ng[key].min} / max ${ng[key].max}<br/>taint ${name}:NoSchedule<br/>${what}"]`;
  return [
    'flowchart LR',
    '  cp["EKS control plane<br/>(AWS managed, private endpoint)"]',
    '  subgraph nodes["Managed node groups"]',
    group('control', NODE_GROUPS.control, `coderd ×${deployment.sizing.coderd.replicas}, system pods, observability`),
    group('provisioner', NODE_GROUPS.provisioner, `provisioners: ${deployment.sizing.provisioners.peak} at peak`),
    group('workspace', NODE_GROUPS.workspace, `pod workspaces: ${deployment.sizing.workspaces.peak.pod} at peak`),
    '  end',
    `  subgraph ns["Namespaces"]`,
    `    ns_coder["${NAMESPACES.coder}"]`,
    `    ns_prov["${NAMESPACES.provisioners}"]`,
    `    ns_ws["${NAMESPACES.workspaces}"]`,
    '  end',
    '  cp --> nodes',
    `  ns_coder -. runs on .-> ${id(NODE_GROUPS.control)}`,
    `  ns_prov -. runs on .-> ${id(NODE_GROUPS.provisioner)}`,
    `  ns_ws -. runs on .-> ${id(NODE_GROUPS.workspace)}`,
    '',
  ].join('\n');
}

/** A composition as templates/compositions.yaml declares it (the scripts read the file and pass it in). */
export interface CompositionRef {
  name: string;
  toolchain: string;
  base: string;
}

export function templatesDiagram(compositions: readonly CompositionRef[]): string {
  const lines = ['flowchart LR', '  subgraph sizes["Coder templates (t-shirt sizes)"]'];
  for (const t of TSHIRT_SIZES) lines.push(`    ${id(t.name)}["${t.displayName}<br/>${t.vcpu} vCPU · ${t.memoryGiB} GiB"]`);
  lines.push('  end', '  subgraph composed["Composed templates (npm run compose)"]');
  for (const c of compositions) lines.push(`    ${id(c.name)}["${c.name}"]`);
  lines.push('  end', '  subgraph toolchains["Toolchains: portable"]');
  const toolchains = [...new Set(compositions.map((c) => c.toolchain))];
  const bases = [...new Set(compositions.map((c) => c.base))];
  for (const t of toolchains) lines.push(`    ${id(t)}["${t}"]`);
  lines.push('  end', '  subgraph bases["Infrastructure bases: this deployment"]');
  for (const b of bases) lines.push(`    ${id(b)}["${b}"]`);
  lines.push('  end');
  for (const t of TSHIRT_SIZES) lines.push(`  ${id(t.name)} --> ${id(t.composition)}`);
  for (const c of compositions) lines.push(`  ${id(c.name)} --> ${id(c.toolchain)}`, `  ${id(c.name)} --> ${id(c.base)}`);
  lines.push(`  contract{{"Template contract v${CONTRACT_VERSION}<br/>inputs · outputs · capabilities"}}`);
  for (const t of toolchains) lines.push(`  ${id(t)} -. requires capabilities .-> contract`);
  for (const b of bases) lines.push(`  ${id(b)} -. implements .-> contract`);
  return `${lines.join('\n')}\n`;
}

/** Every generated diagram, by file name. */
export function generatedDiagrams(deployment: Deployment, compositions: readonly CompositionRef[]): Array<{ name: string; definition: string }> {
  return [
    { name: 'network', definition: networkDiagram(deployment) },
    { name: 'cluster', definition: clusterDiagram(deployment) },
    { name: 'templates', definition: templatesDiagram(compositions) },
  ];
}
