/**
 * npm run synth and npm run build run from a bundle compiled once
 * (scripts/lib/run-compiled.mjs): it is reused while its sources are
 * unchanged, compiled again when one changes, keeps each module's own
 * import.meta.url, and passes the arguments through.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';
import { tempDir } from '../helpers/temp.js';

describe('run-compiled', () => {
  it('compiles once, reuses the bundle, compiles again after a source change, and keeps each module\'s import.meta.url', () => {
    const root = tempDir('guide-compiled-');
    fs.mkdirSync(path.join(root, 'scripts', 'lib'), { recursive: true });
    for (const f of ['run-compiled.mjs', 'unreadable-source.mjs']) fs.copyFileSync(path.join(repoRoot, 'scripts/lib', f), path.join(root, 'scripts/lib', f));
    fs.mkdirSync(path.join(root, 'node_modules'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules', 'esbuild'), path.join(root, 'node_modules', 'esbuild'));
    fs.writeFileSync(path.join(root, 'scripts/lib/message.ts'), "import { fileURLToPath } from 'node:url';\nexport const message: string = 'first';\nexport const where = fileURLToPath(import.meta.url);\n");
    fs.writeFileSync(path.join(root, 'scripts/hello.ts'), "import { message, where } from './lib/message.js';\nconsole.log([message, where, ...process.argv.slice(2)].join(' '));\n");
    const run = () => spawnSync(process.execPath, ['scripts/lib/run-compiled.mjs', 'scripts/hello.ts', 'a', '--b'], { cwd: root, encoding: 'utf8' });

    const first = run();
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe(`first ${path.join(root, 'scripts/lib/message.ts')} a --b`);
    const cache = path.join(root, 'node_modules/.cache/guide-compiled');
    const [bundle] = fs.readdirSync(cache).filter((f) => f.endsWith('.cjs'));
    expect(bundle).toMatch(/^scripts__hello-[0-9a-f]{12}\.cjs$/);
    const compiledAt = fs.statSync(path.join(cache, bundle!)).mtimeMs;

    // Unchanged sources: the same bundle runs.
    expect(run().stdout).toBe(first.stdout);
    expect(fs.statSync(path.join(cache, bundle!)).mtimeMs).toBe(compiledAt);

    // A changed source (not the entry): compiled again, and the change shows.
    fs.writeFileSync(path.join(root, 'scripts/lib/message.ts'), fs.readFileSync(path.join(root, 'scripts/lib/message.ts'), 'utf8').replace("'first'", "'second'"));
    expect(run().stdout.trim()).toBe(`second ${path.join(root, 'scripts/lib/message.ts')} a --b`);
    expect(fs.statSync(path.join(cache, bundle!)).mtimeMs).not.toBe(compiledAt);
    expect(fs.readdirSync(cache).filter((f) => f.includes('.tmp-'))).toEqual([]);

    // An entry that does not exist is a usage error.
    const missing = spawnSync(process.execPath, ['scripts/lib/run-compiled.mjs', 'scripts/nope.ts'], { cwd: root, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('run-compiled: no entry point scripts/nope.ts');
  });
});
