/**
 * Words a reader of the published guide would not know (#17): the pages
 * and every file they import (code blocks, tables, comments shown in them)
 * say "the original design", never "the seed".
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImportMeta, resolveImportPath } from '../../src/code-import/fence.js';
import { scanFences } from '../../src/code-import/scan.js';
import { repoRoot } from '../helpers/repo.js';

const pages = fs
  .readdirSync(path.join(repoRoot, 'docs'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
  .map((e) => path.join(e.parentPath, e.name));

describe('wording on the published pages', () => {
  it('no page, and no file a page shows, says "seed"', () => {
    const files = new Set<string>(pages);
    for (const page of pages) {
      for (const fence of scanFences(fs.readFileSync(page, 'utf8'))) {
        const spec = parseImportMeta(fence.meta);
        if (spec) files.add(resolveImportPath(spec, page, repoRoot));
      }
    }
    expect(files.size).toBeGreaterThan(pages.length);
    const found = [...files].flatMap((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${path.relative(repoRoot, f)}:${i + 1}` }))
        .filter(({ line }) => /\bseed\b/i.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
