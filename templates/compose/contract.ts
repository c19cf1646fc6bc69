/**
 * The template contract (templates/contract/contract-schema.yaml): loaded and
 * checked here, and turned into the TypeScript types the composition tool
 * uses (contract.generated.ts, committed and drift-checked).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const field = z.object({ type: z.enum(['string', 'integer', 'object', 'map', 'array']), description: z.string(), items: z.unknown().optional(), fields: z.record(z.string(), z.object({ type: z.enum(['string', 'integer']), description: z.string() })).optional() });
// A capability is a requirement a base meets or not; it has no default (the base decides what a
// workspace gets when a toolchain asks nothing, through its variables' defaults).
const capability = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('boolean'), description: z.string() }),
  z.strictObject({ type: z.literal('enum'), values: z.array(z.string()).min(2), description: z.string() }),
]);

export const contractSchema = z.object({
  contract: z.object({
    version: z.string().regex(/^\d+\.\d+$/, 'the contract carries a major.minor version such as "1.0"'),
    inputs: z.record(z.string(), field),
    outputs: z.record(z.string(), field),
    capabilities: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), capability),
  }),
});
export type ContractDocument = z.infer<typeof contractSchema>['contract'];
export type CapabilitySpec = z.infer<typeof capability>;

export const CONTRACT_FILE = path.join('templates', 'contract', 'contract-schema.yaml');
export const CONTRACT_TYPES_FILE = path.join('templates', 'contract', 'contract.generated.ts');

/** Problems as `file: path: message` lines. */
export function zodProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
}

export function loadContract(rootDir: string): ContractDocument {
  const text = fs.readFileSync(path.join(rootDir, CONTRACT_FILE), 'utf8');
  const parsed = contractSchema.safeParse(parse(text));
  if (!parsed.success) throw new Error(zodProblems(CONTRACT_FILE, parsed.error).join('\n'));
  return parsed.data.contract;
}

const TS_TYPE = { string: 'string', integer: 'number' } as const;

/** The TypeScript module generated from the contract. */
export function contractTypesSource(contract: ContractDocument): string {
  const lines = [
    '// Generated from templates/contract/contract-schema.yaml by `npm run compose -- types`. Do not edit.',
    '',
    `export const CONTRACT_VERSION = ${JSON.stringify(contract.version)};`,
    '',
    '/** Contract inputs every base accepts. */',
    'export interface ContractInputs {',
  ];
  for (const [name, input] of Object.entries(contract.inputs)) {
    lines.push(`  /** ${input.description} */`);
    if (input.type === 'object') {
      lines.push(`  ${name}: {`);
      for (const [f, spec] of Object.entries(input.fields ?? {})) lines.push(`    /** ${spec.description} */`, `    ${f}: ${TS_TYPE[spec.type]};`);
      lines.push('  };');
    } else lines.push(`  ${name}: ${input.type === 'integer' ? 'number' : 'string'};`);
  }
  lines.push('}', '', '/** Contract outputs every base returns. */', 'export const CONTRACT_OUTPUTS = [');
  for (const name of Object.keys(contract.outputs)) lines.push(`  ${JSON.stringify(name)},`);
  lines.push('] as const;', 'export type ContractOutput = (typeof CONTRACT_OUTPUTS)[number];', '', '/** Capabilities and the values each can take. */', 'export interface Capabilities {');
  for (const [name, spec] of Object.entries(contract.capabilities)) {
    lines.push(`  /** ${spec.description} */`);
    lines.push(`  ${JSON.stringify(name)}: ${spec.type === 'boolean' ? 'boolean' : spec.values.map((v) => JSON.stringify(v)).join(' | ')};`);
  }
  lines.push('}', 'export type CapabilityName = keyof Capabilities;', '', 'export const CAPABILITY_VALUES: { readonly [K in CapabilityName]: readonly Capabilities[K][] } = {');
  for (const [name, spec] of Object.entries(contract.capabilities)) {
    lines.push(`  ${JSON.stringify(name)}: ${spec.type === 'boolean' ? '[true, false]' : `[${spec.values.map((v) => JSON.stringify(v)).join(', ')}]`},`);
  }
  lines.push('};', '');
  return lines.join('\n');
}
