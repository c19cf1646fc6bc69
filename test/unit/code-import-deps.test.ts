import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseImportMeta, resolveImportPath } from '../../src/code-import/fence.js';
import { scanFences } from '../../src/code-import/scan.js';
import { repoRoot } from '../helpers/repo.js';

const require = createRequire(import.meta.url);
const { importedFiles } = require('../../src/plugins/code-import-deps/loader.cjs') as {
  importedFiles: (source: string, page: string, rootDir: string) => string[];
};

function pages(): string[] {
  return fs
    .readdirSync(path.join(repoRoot, 'docs'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('code-import dependency loader', () => {
  it('declares exactly the files each page imports (the same as the import parser finds)', () => {
    let total = 0;
    for (const page of pages()) {
      const source = fs.readFileSync(page, 'utf8');
      const expected = new Set<string>();
      for (const fence of scanFences(source)) {
        const spec = parseImportMeta(fence.meta);
        if (spec) expected.add(resolveImportPath(spec, page, repoRoot));
      }
      // The loader also sees fences nested in sample blocks; it may over-declare, never miss.
      const declared = new Set(importedFiles(source, page, repoRoot));
      for (const file of expected) expect(declared, `${path.relative(repoRoot, page)} → ${file}`).toContain(file);
      total += expected.size;
    }
    expect(total).toBeGreaterThan(0);
  });

  it('reads page-relative paths, escaped spaces and tilde fences', () => {
    const page = path.join(repoRoot, 'docs', 'x', 'page.md');
    const source = '~~~bash file=../../snippets/a\\ b.sh region=r\n~~~\n\n```ts title="t" file=<rootDir>/iac/app.ts#L1-L3\n```\n';
    expect(importedFiles(source, page, repoRoot)).toEqual([
      path.join(repoRoot, 'snippets', 'a b.sh'),
      path.join(repoRoot, 'iac', 'app.ts'),
    ]);
  });
});
