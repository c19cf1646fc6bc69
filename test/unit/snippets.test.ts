import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';

const scripts = [
  ...fs.readdirSync(path.join(repoRoot, 'snippets'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sh')).map((f) => `snippets/${f}`),
  '.ci/run',
];

describe('shell the guide shows or CI runs', () => {
  it.each(scripts)('%s passes shellcheck', (file) => {
    const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '--external-sources', file], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.error, 'shellcheck is installed (apt-get install -y shellcheck; .ci/run does it)').toBeUndefined();
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(scripts)('%s is executable and stops on the first error', (file) => {
    const abs = path.join(repoRoot, file);
    expect(fs.statSync(abs).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(abs, 'utf8')).toMatch(/^set -euo pipefail$/m);
  });
});
