/**
 * Promises the repository makes to its readers and to CI, held in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts)$/.test(e.name))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)));
}

describe('README and CI', () => {
  const readme = read('README.md');
  const commands = [...readme.matchAll(/```sh\n(.+)\n```/g)].map((m) => m[1]!);

  it('gives the two commands for a new machine: build and serve, and test', () => {
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/npm ci && npm run build && npm run serve$/);
    expect(commands[1]).toMatch(/npm ci && npm test$/);
  });

  it('.ci/run installs what the tests need and runs the README test command', () => {
    const ci = read('.ci/run');
    const lines = ci.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(lines.at(-1)).toBe(commands[1]!.split(' && ').at(-1));
    expect(ci).toMatch(/npm ci\b/);
    for (const pkg of commands[1]!.match(/apt-get install -y (.+?) &&/)![1]!.split(' ')) expect(ci).toContain(pkg);
  });

  it('documents only npm scripts that exist', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    for (const [, name] of readme.matchAll(/`npm run ([\w:-]+)/g)) expect(scripts).toContain(name);
  });
});

describe('IaC program', () => {
  it('imports provider classes by deep path, never the root barrel', () => {
    for (const file of [...sourceFiles('iac'), ...sourceFiles('scripts'), ...sourceFiles('test')]) {
      expect(read(file), file).not.toMatch(/from ['"]@cdktn\/provider-aws['"]/);
    }
  });

  it('keeps constructs free of deployment config', () => {
    for (const file of sourceFiles('iac/constructs')) expect(read(file), file).not.toMatch(/from ['"]\.\.\/config/);
  });

  it('pins constructs to the range cdktn accepts', () => {
    const pkg = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.constructs).toMatch(/^~10\.7\./);
    expect(pkg.devDependencies.cdktn).toBe('0.24.0');
  });
});

describe('the site reads artifacts, not the IaC program', () => {
  it('no page or component imports code from iac/ or scripts/ (types only)', () => {
    const files = [...sourceFiles('src/components'), ...fs.readdirSync(path.join(repoRoot, 'docs'), { recursive: true }).map((f) => `docs/${f}`).filter((f) => /\.mdx?$/.test(f))];
    for (const file of files) expect(read(file), file).not.toMatch(/^import (?!type )[^;]*from ['"][^'"]*(?:\/iac\/|\/scripts\/)/m);
  });
});

describe('dependencies point one way', () => {
  it('the IaC program and the template tooling never import the scripts (the CLIs import them)', () => {
    const upward = [...sourceFiles('iac'), ...sourceFiles('templates/compose')].flatMap((file) =>
      [...read(file).matchAll(/from\s+['"]([^'"]+)['"]/g)]
        .map((m) => m[1]!)
        .filter((spec) => spec.startsWith('.') && path.relative(repoRoot, path.resolve(repoRoot, path.dirname(file), spec)).startsWith('scripts'))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(upward).toEqual([]);
  });
});
