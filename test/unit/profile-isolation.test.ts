/**
 * Each profile deploys only its own names (#21): synthesized into a folder
 * outside the repository, with its templates composed where its coder stack
 * reads them, nothing a stack holds or reads names another profile's
 * deployment, hosts, state or roles, and nothing it reads lies outside that
 * folder (a path back into the clone would break `--out` and could read the
 * committed production files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile, profiles, type DeploymentConfig } from '../../iac/config/index.js';
import { loadDeployment } from '../../iac/deployment.js';
import { synthesize } from '../../scripts/lib/synth.js';
import { composeAll } from '../../templates/compose/all.js';
import { writeComposition } from '../../templates/compose/compose.js';
import { SYNTH_TEMPLATES_DIR } from '../../iac/stacks/coder-stack.js';
import { repoRoot } from '../helpers/repo.js';
import { tempDir } from '../helpers/temp.js';
import { PROJECT_HISTORY } from '../helpers/templates.js';
import { skipLoudly } from '../helpers/tools.js';

const NAMES = Object.keys(profiles);

/** Values that identify a deployment: its name, hosts, state location and roles. */
function identity(c: DeploymentConfig): string[] {
  return [c.name, c.dns.accessHost, c.stateBackend.bucket, `${c.stateBackend.keyPrefix}/`, ...c.cluster.adminRoleArns];
}

/** Every file under dir, relative path → text. */
function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile()) out.set(rel, fs.readFileSync(file, 'utf8'));
  }
  return out;
}

/** Paths a synthesized stack reads from disk: file()-family calls and coderd template directories. */
function pathsRead(stackJson: string): string[] {
  const found: string[] = [];
  for (const m of stackJson.matchAll(/\b(?:file|templatefile|filebase64|filesha256|fileset)\(\\"([^"\\]+)\\"/g)) found.push(m[1]!);
  for (const m of stackJson.matchAll(/"directory":\s*"([^"]+)"/g)) found.push(m[1]!);
  return found;
}

/** Is `value` in `text` as a whole name (not the tail or head of a longer one, e.g. coder.example.com in x.coder.example.com is its own wildcard)? */
function mentions(text: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9-])${escaped}(?![A-Za-z0-9-])`).test(text);
}

const outs: Record<string, string> = {};
// The templates step composes the project's releases, read from its history.
if (PROJECT_HISTORY) skipLoudly('profile isolation (it composes each profile\'s templates from the project\'s releases)', PROJECT_HISTORY);
beforeAll(async () => {
  if (PROJECT_HISTORY) return;
  for (const name of NAMES) {
    const out = path.join(tempDir('synth-isolation-'), 'anywhere', 'out');
    synthesize({ profile: name, outdir: out });
    // What the templates step does before it applies the coder stack.
    for (const [composition, files] of await composeAll(repoRoot, loadDeployment(name))) writeComposition(path.join(out, SYNTH_TEMPLATES_DIR, composition), files);
    outs[name] = out;
  }
}, 120_000);

describe.skipIf(PROJECT_HISTORY !== undefined)('every profile synthesizes, installs and pushes only its own names', () => {
  it('has at least two profiles whose identities differ, so the check below can fail', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(2);
    const [a, b] = NAMES.map((n) => identity(loadProfile(n)));
    expect(a!.filter((v) => b!.includes(v))).toEqual([]);
  });

  for (const name of NAMES) {
    it(`${name}: no stack, values file, manifest or template names another profile's deployment, hosts, state or roles`, () => {
      const out = outs[name]!;
      const tree = readTree(out);
      expect([...tree.keys()].some((f) => f.startsWith('deployment/helm/'))).toBe(true);
      expect([...tree.keys()].some((f) => f.startsWith(`${SYNTH_TEMPLATES_DIR}/`))).toBe(true);
      const own = identity(loadProfile(name));
      const others = NAMES.filter((n) => n !== name).flatMap((n) => identity(loadProfile(n))).filter((v) => !own.includes(v));
      const leaks: string[] = [];
      for (const [file, text] of tree) for (const value of others) if (mentions(text, value)) leaks.push(`${file}: ${value}`);
      expect(leaks).toEqual([]);
      // And its own name is there: the check reads the right files.
      expect(mentions(tree.get('deployment/guide.env')!, loadProfile(name).name)).toBe(true);
      expect(mentions(tree.get('stacks/platform/cdk.tf.json')!, loadProfile(name).dns.accessHost)).toBe(true);
    });

    it(`${name}: every path a stack reads resolves inside the synth output`, () => {
      const out = outs[name]!;
      for (const stack of fs.readdirSync(path.join(out, 'stacks'))) {
        const dir = path.join(out, 'stacks', stack);
        for (const rel of pathsRead(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'))) {
          const resolved = path.resolve(dir, rel);
          expect(path.relative(out, resolved).startsWith('..'), `${stack}: ${rel} leaves ${out}`).toBe(false);
          expect(fs.existsSync(resolved), `${stack}: ${rel}`).toBe(true);
        }
      }
    });
  }
});
