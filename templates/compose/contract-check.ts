/**
 * The contract check (Property 14): a toolchain and a base compose iff every
 * capability the toolchain requires is implemented by the base with the
 * required value. Optional capabilities are on when the composition asks for
 * them (and the base implements them), or when the base offers only "on".
 */
import type { CapabilityName } from '../contract/contract.generated.js';
import type { CapabilityRequirement } from './layers.js';

export type Implemented = Partial<Record<CapabilityName, ReadonlyArray<boolean | string>>>;

export interface ContractResult {
  missing: CapabilityRequirement[];
  /** The capability settings the composition passes to the base. */
  settings: Partial<Record<CapabilityName, boolean | string>>;
  /** Optional capabilities that are on. */
  enabled: CapabilityName[];
  problems: string[];
}

export function checkContract(required: readonly CapabilityRequirement[], optional: readonly CapabilityRequirement[], implemented: Implemented, enable: readonly string[] = []): ContractResult {
  const provides = (r: CapabilityRequirement) => (implemented[r.name] ?? []).includes(r.value);
  const missing = required.filter((r) => !provides(r));
  const settings: ContractResult['settings'] = {};
  for (const r of required) settings[r.name] = r.value;
  const enabled: CapabilityName[] = [];
  const problems: string[] = [];
  for (const name of enable) {
    const opt = optional.find((o) => o.name === name);
    if (!opt) problems.push(`--enable ${name}: not an optional capability of the toolchain (optional: ${optional.map((o) => o.name).join(', ') || 'none'})`);
    else if (!provides(opt)) problems.push(`--enable ${name}: the base does not implement ${name}=${JSON.stringify(opt.value)}`);
  }
  for (const opt of optional) {
    const offered = implemented[opt.name] ?? [];
    const on = (enable.includes(opt.name) && provides(opt)) || (offered.length === 1 && offered[0] === opt.value);
    if (on) {
      settings[opt.name] = opt.value;
      enabled.push(opt.name);
    }
  }
  return { missing, settings, enabled, problems };
}

export function describeMissing(toolchain: string, base: string, missing: readonly CapabilityRequirement[], implemented: Implemented): string {
  const lines = missing.map((m) => {
    const offered = implemented[m.name];
    return `  - ${m.name}: ${JSON.stringify(m.value)} required, ${offered ? `${base} offers ${offered.map((v) => JSON.stringify(v)).join(', ')}` : `${base} does not implement it`}`;
  });
  return `${toolchain} cannot run on ${base}: the base does not implement ${missing.length === 1 ? 'a required capability' : `${missing.length} required capabilities`}\n${lines.join('\n')}\nPick a base that implements them, or add them to the base's capabilities.tf with their implementation.`;
}
