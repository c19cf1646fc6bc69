/**
 * The distribution a composition's workspaces run (contract 1.2,
 * os-distribution). On Kubernetes it is the toolchain image's (what its
 * Dockerfile is built FROM); on EC2 it is the AMI's: the toolchain's
 * requirement or the composition's override (os_distribution), else the
 * base's default. A base release from before contract 1.2 implements no
 * distribution, and its compositions keep the one AMI they had.
 */
import type { CapabilityName } from '../contract/contract.generated.js';
import type { Base, Distribution, ToolchainManifest } from './layers.js';

export function compositionDistribution(base: Pick<Base, 'kind' | 'implemented' | 'variables'>, toolchain: Pick<ToolchainManifest, 'image'>, setting: string | boolean | undefined): Distribution | undefined {
  const offered = base.implemented['os-distribution'] as Distribution[] | undefined;
  if (!offered) return undefined;
  if (typeof setting === 'string') return setting as Distribution;
  if (base.kind === 'kubernetes') return toolchain.image.distribution;
  const fallback = base.variables.os_distribution?.default;
  if (typeof fallback === 'string') return fallback as Distribution;
  return offered.length === 1 ? offered[0] : undefined;
}

/**
 * Capabilities a base implements on some settings only (capability_requires): each one that is on
 * in this composition must find its needs met, or compose refuses, naming what it runs and the fix.
 */
export function requirementProblems(base: Pick<Base, 'requires'>, label: string, settings: Partial<Record<CapabilityName, boolean | string>>, distribution: Distribution | undefined): string[] {
  const problems: string[] = [];
  for (const [cap, needs] of Object.entries(base.requires) as Array<[CapabilityName, Partial<Record<CapabilityName, Array<boolean | string>>>]>) {
    const value = settings[cap];
    if (value === undefined || value === false) continue;
    for (const [need, values] of Object.entries(needs) as Array<[CapabilityName, Array<boolean | string>]>) {
      const actual = need === 'os-distribution' ? distribution : settings[need];
      if (actual !== undefined && values.includes(actual)) continue;
      const fix = need === 'os-distribution' ? `: compose it on ${values.join(' or ')} with --override os_distribution=${String(values.at(-1))} (in templates/compositions.yaml, overrides: { os_distribution: ${String(values.at(-1))} })` : `: set ${need} to ${values.map(String).join(' or ')}`;
      problems.push(`${cap}: ${label} implements it only on ${need} ${values.map(String).join(' or ')}, and this composition runs ${actual === undefined ? `no ${need} the base names` : String(actual)}${fix}`);
    }
  }
  return problems;
}

/**
 * The distributions a workspace's owner may pick when creating it: on an EC2 base that offers
 * several, when nothing fixes one (the toolchain's requirement or the composition's
 * os_distribution override), less those a capability that is on cannot run on. Empty: no choice.
 */
export function distributionChoices(base: Pick<Base, 'kind' | 'implemented' | 'requires'>, fixed: string | boolean | undefined, settings: Partial<Record<CapabilityName, boolean | string>>): Distribution[] {
  const offered = (base.implemented['os-distribution'] ?? []) as Distribution[];
  if (base.kind !== 'ec2' || typeof fixed === 'string' || offered.length < 2) return [];
  const allowed = offered.filter((d) => requirementProblems(base, '', settings, d).length === 0);
  return allowed.length > 1 ? allowed : [];
}

/** How a distribution is shown to the workspace's owner. */
export const DISTRIBUTION_NAMES: Record<Distribution, string> = {
  'amazon-linux-2023': 'Amazon Linux 2023',
  'ubuntu-22.04': 'Ubuntu 22.04 LTS',
  'ubuntu-24.04': 'Ubuntu 24.04 LTS',
  'windows-server-2022': 'Windows Server 2022',
};
