/**
 * `terraform validate` with a real provider, offline: the machine's AWS
 * provider plugin (a filesystem mirror, GUIDE_TF_PLUGIN_DIR or /opt/tf-plugins)
 * stands in for the registry. The project pins AWS provider 6.x; the mirror
 * holds 5.100, so the few arguments that only 6.x knows are dropped first.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TerraformTool } from './tools.js';

/**
 * Arguments of AWS provider 6.x that 5.100 does not have. Each is dropped
 * before validating against 5.100 and nowhere else; the test checks every
 * entry is still synthesized (so the list cannot grow stale) and that 5.100
 * really refuses it (so it hides nothing else).
 */
export const AWS_6X_ONLY: ReadonlyArray<{ type: string; attribute: string; why: string }> = [
  { type: 'aws_eks_cluster', attribute: 'deletion_protection', why: 'EKS deletion protection, new in provider 6.x; the guide turns it on for production' },
  { type: 'aws_rds_cluster', attribute: 'auto_minor_version_upgrade', why: 'cluster-level minor upgrades for Aurora, new in provider 6.x' },
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A synthesized stack made valid for the mirror's provider: the version pinned to it, 6.x-only arguments dropped. */
export function forMirror(stack: Json, awsVersion: string, drop: ReadonlyArray<{ type: string; attribute: string }> = AWS_6X_ONLY): { json: Json; dropped: string[] } {
  const json = structuredClone(stack);
  if (json.terraform?.required_providers?.aws) json.terraform.required_providers.aws.version = awsVersion;
  const dropped: string[] = [];
  for (const { type, attribute } of drop) {
    for (const [name, body] of Object.entries((json.resource?.[type] ?? {}) as Record<string, Json>)) {
      if (attribute in body) {
        delete body[attribute];
        dropped.push(`${type}.${name}.${attribute}`);
      }
    }
  }
  return { json, dropped };
}

export interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
}

export interface ValidateResult {
  valid: boolean;
  diagnostics: Diagnostic[];
  /** What terraform printed when it did not answer in JSON. */
  raw: string;
}

function run(tool: TerraformTool, dir: string, args: string[]) {
  // A CLI config of our own: none of the user's mirrors or credentials, and no warning for a missing one.
  const cliConfig = path.join(dir, '.terraformrc');
  if (!fs.existsSync(cliConfig)) fs.writeFileSync(cliConfig, '');
  return spawnSync(tool.binary, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_PLUGIN_CACHE_DIR: '' }, timeout: 300_000 });
}

/** terraform init against the mirror (no backend): providers and local modules. */
export function init(tool: TerraformTool, dir: string): void {
  const r = run(tool, dir, ['init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${tool.pluginDir}`]);
  if (r.status !== 0) throw new Error(`terraform init in ${dir} failed:\n${r.stdout}\n${r.stderr}`);
}

export function validate(tool: TerraformTool, dir: string): ValidateResult {
  const r = run(tool, dir, ['validate', '-json', '-no-color']);
  try {
    const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
    return { valid: out.valid, diagnostics: out.diagnostics, raw: r.stdout };
  } catch {
    return { valid: false, diagnostics: [{ severity: 'error', summary: 'terraform validate did not answer in JSON', detail: r.stderr }], raw: `${r.stdout}${r.stderr}` };
  }
}

/** One line per diagnostic, for a failure message. */
export function describe(result: ValidateResult): string {
  return result.diagnostics.map((d) => `${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ''}${d.address ? ` at ${d.address}` : ''}`).join('\n');
}

/**
 * What real Terraform says of a configuration before it needs any provider:
 * `terraform init` reads every file first and reports a configuration error
 * (a malformed expression, a bad lifecycle argument) before it looks for
 * providers. With an empty plugin directory it then stops at the first
 * missing provider, which is expected here. Returns the configuration errors,
 * or [] when Terraform read the configuration and went on to providers.
 */
export function configurationErrors(tool: TerraformTool, dir: string): string[] {
  const empty = path.join(dir, '.no-plugins');
  fs.mkdirSync(empty, { recursive: true });
  const r = run(tool, dir, ['init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${empty}`]);
  const out = `${r.stdout}${r.stderr}`;
  if (/problems with the configuration/.test(out)) return out.split('\n').filter((l) => /^\s*(Error|on |\s+\d+:|Expected|A )/.test(l)).map((l) => l.trim());
  if (!/Initializing provider plugins|Finding .* versions/.test(out)) return [`terraform init stopped before it reached the providers:\n${out}`];
  return [];
}
