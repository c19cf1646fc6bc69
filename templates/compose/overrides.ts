/**
 * Override rules (Property 16). A composition may set base variables with
 * `--override name=value`; each base's policies/overrides.yaml says which.
 * The first rule whose `match` is the variable decides. Rules with a `guard`
 * (identity, network-policy, privileged-execution) apply only when the
 * composition permits them by name; the value must always pass the rule's
 * `values` or `pattern`. An override no rule matches is refused.
 */
import { z } from 'zod';
import { UsageError } from './errors.js';

export const GUARDS = ['identity', 'network-policy', 'privileged-execution'] as const;
export type Guard = (typeof GUARDS)[number];

export const ruleSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/),
    match: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a variable name of the base'),
    guard: z.enum(GUARDS).optional(),
    values: z.array(z.string()).optional(),
    pattern: z.string().optional(),
    reason: z.string().min(1),
  })
  .refine((r) => (r.values === undefined) !== (r.pattern === undefined), 'give exactly one of values or pattern');
export type OverrideRule = z.infer<typeof ruleSchema>;

export interface Override {
  name: string;
  value: string;
}

export interface AcceptedOverride extends Override {
  rule: string;
  guard?: Guard;
  /** Set when a capability setting, not --override, changed the variable (Property 16 holds it to the same rule). */
  capability?: string;
}

export interface OverrideDecision {
  accepted: AcceptedOverride[];
  /** One line per refused override: the override, the rule, the fix. */
  refused: string[];
}

/** What a base's rules let a composition override, for messages: `name (values)`, guarded ones with their permit. */
export function describeRules(rules: readonly OverrideRule[]): string {
  return rules.map((r) => `${r.match}${r.values ? ` (${r.values.join(', ')})` : ` (matching ${r.pattern})`}${r.guard ? ` with --permit ${r.name}` : ''}`).join('; ');
}

/** `--override name=value` → an override; anything else is a usage error naming the flag and what the base allows. */
export function parseOverride(text: string, rules?: readonly OverrideRule[]): Override {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    const allowed = rules ? `; the base allows: ${describeRules(rules)}` : '';
    throw new UsageError(`--override "${text}": write name=value, for example --override network_egress=unrestricted --permit egress-mode${allowed}`);
  }
  return { name: text.slice(0, eq), value: text.slice(eq + 1) };
}

export function evaluateOverrides(rules: readonly OverrideRule[], overrides: readonly Override[], permits: readonly string[]): OverrideDecision {
  const accepted: AcceptedOverride[] = [];
  const refused: string[] = [];
  const seen = new Set<string>();
  for (const permit of permits) {
    if (!rules.some((r) => r.name === permit && r.guard)) refused.push(`--permit ${permit}: no guarded rule of that name (guarded rules: ${rules.filter((r) => r.guard).map((r) => r.name).join(', ') || 'none'})`);
  }
  for (const o of overrides) {
    if (seen.has(o.name)) {
      refused.push(`--override ${o.name}: given twice; give each variable once`);
      continue;
    }
    seen.add(o.name);
    const rule = rules.find((r) => r.match === o.name);
    if (!rule) {
      refused.push(`--override ${o.name}=${o.value}: no rule allows overriding ${o.name} (the base allows: ${describeRules(rules)})`);
      continue;
    }
    if (rule.guard && !permits.includes(rule.name)) {
      refused.push(`--override ${o.name}=${o.value}: refused by rule ${rule.name} (guards ${rule.guard}: ${rule.reason}); pass --permit ${rule.name} once the change is approved`);
      continue;
    }
    const ok = rule.values ? rule.values.includes(o.value) : new RegExp(rule.pattern!).test(o.value);
    if (!ok) {
      refused.push(`--override ${o.name}=${o.value}: rule ${rule.name} allows ${rule.values ? `only ${rule.values.join(', ')}` : `values matching ${rule.pattern}`}`);
      continue;
    }
    accepted.push({ ...o, rule: rule.name, ...(rule.guard ? { guard: rule.guard } : {}) });
  }
  return { accepted, refused };
}

/**
 * A capability setting is an override too when it moves a guarded variable away from the base's
 * default: a toolchain that requires (or a composition that enables) `network-egress: unrestricted`
 * widens egress exactly as `--override network_egress=unrestricted` would. Such a setting needs the
 * same `--permit <rule>` and is recorded with the overrides. `settings` maps each variable to its
 * value and where it came from; variables an explicit override already set are left out by the caller.
 */
export function evaluateCapabilitySettings(
  rules: readonly OverrideRule[],
  defaults: Readonly<Record<string, { hasDefault: boolean; default?: unknown }>>,
  settings: ReadonlyArray<{ variable: string; capability: string; value: boolean | string; origin: string }>,
  permits: readonly string[],
): OverrideDecision {
  const accepted: AcceptedOverride[] = [];
  const refused: string[] = [];
  for (const s of settings) {
    const rule = rules.find((r) => r.match === s.variable);
    const declared = defaults[s.variable];
    if (!rule?.guard || !declared) continue;
    if (declared.hasDefault && String(declared.default) === String(s.value)) continue;
    const from = declared.hasDefault ? `away from the base's default ${JSON.stringify(declared.default)}` : '(the base gives it no default)';
    if (!permits.includes(rule.name)) {
      refused.push(`${s.capability}: ${JSON.stringify(s.value)} (${s.origin}) sets ${s.variable} ${from}, which rule ${rule.name} guards (${rule.guard}: ${rule.reason}); pass --permit ${rule.name} once the change is approved`);
      continue;
    }
    const value = String(s.value);
    const ok = rule.values ? rule.values.includes(value) : new RegExp(rule.pattern!).test(value);
    if (!ok) {
      refused.push(`${s.capability}: ${JSON.stringify(s.value)} (${s.origin}): rule ${rule.name} allows ${s.variable} ${rule.values ? `only ${rule.values.join(', ')}` : `values matching ${rule.pattern}`}`);
      continue;
    }
    accepted.push({ name: s.variable, value, rule: rule.name, guard: rule.guard, capability: s.capability });
  }
  return { accepted, refused };
}
