/** The coder.com/docs export: plain Markdown, imports resolved, links that resolve, lint-clean. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sidebars from '../../sidebars.js';
import { exportCoderDocs, type ManifestEntry } from '../../scripts/lib/export.js';
import { paths } from '../../scripts/lib/paths.js';
import { diagramsStage } from '../../scripts/lib/stages.js';
import { extractRegion } from '../../src/code-import/regions.js';
import { scanFences } from '../../src/code-import/scan.js';
import { repoRoot } from '../helpers/repo.js';

const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'export-')), 'coder-docs');
let pages: string[] = [];
let manifest: ManifestEntry;

beforeAll(async () => {
  await diagramsStage();
  ({ pages, manifest } = exportCoderDocs(repoRoot, out, sidebars.guide as never, paths.diagramsOut));
}, 180_000);
afterAll(() => fs.rmSync(path.dirname(out), { recursive: true, force: true }));

const read = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');
const withoutCode = (md: string) => md.replace(/```[\s\S]*?```/g, '');

describe('coder.com/docs export', () => {
  it('writes every page of the sidebar', () => {
    const docs = fs.readdirSync(path.join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.mdx?$/.test(f));
    expect(pages.sort()).toEqual(docs.map((f) => f.replace(/\.mdx?$/, '.md')).sort());
  });

  it('leaves no import, JSX, directive or unresolved code import', () => {
    for (const page of pages) {
      const md = read(page);
      // Fences carry only a language: every import was resolved into the block.
      expect(scanFences(md, 'md').filter((f) => f.meta).map((f) => `${page}:${f.line} ${f.meta}`)).toEqual([]);
      const prose = withoutCode(md);
      expect(prose, page).not.toMatch(/^import .* from /m);
      expect(prose, page).not.toMatch(/<\/?[A-Z][A-Za-z]*[\s/>]/);
      expect(prose, page).not.toMatch(/^:::/m);
      // Region markers are the guide's bookkeeping: no code block shows one, nested or whole-file.
      expect(md, page).not.toMatch(/^\s*(\/\/|#|--)\s*#(end)?region\b/m);
    }
  });

  it('writes the imported code itself, and the generated tables', () => {
    const state = read('deploy/state-backend.md');
    const region = extractRegion(fs.readFileSync(path.join(repoRoot, 'iac/stacks/guide-stack.ts'), 'utf8'), 'backend');
    expect(state).toContain(region);
    expect(read('understand/capacity.md')).toMatch(/\| coderd +\| 10 replicas × 4 vCPU \/ 12 GiB, static/);
    expect(read('reference/configuration.md')).toMatch(/\| `stateBackend.bucket`/);
  });

  it('every relative link and image resolves inside the export', () => {
    const problems: string[] = [];
    for (const page of pages) {
      for (const [, target] of withoutCode(read(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
        const file = path.join(out, path.dirname(page), target!.split('#')[0]!);
        if (!fs.existsSync(file)) problems.push(`${page} → ${target}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes a manifest in the shape of Coder docs manifest.json, pointing at existing pages', () => {
    const written = JSON.parse(read('manifest.json')) as { routes: ManifestEntry[] };
    expect(written.routes[0]).toEqual(manifest);
    const walk = (entry: ManifestEntry): void => {
      expect(entry.title.length).toBeGreaterThan(0);
      if (entry.path) expect(fs.existsSync(path.join(out, entry.path)), entry.path).toBe(true);
      entry.children?.forEach(walk);
    };
    walk(written.routes[0]!);
    expect(written.routes[0]!.children!.map((c) => c.title)).toEqual(['Understand', 'Prepare', 'Deploy', 'Workspace templates', 'Operate', 'Reference']);
  });

  it('passes markdownlint', () => {
    const result = spawnSync(path.join(repoRoot, 'node_modules/.bin/markdownlint-cli2'), ['--config', path.join(repoRoot, 'test/export/markdownlint.jsonc'), '**/*.md'], { cwd: out, encoding: 'utf8' });
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/Summary: 0 error/);
    expect(result.status).toBe(0);
  });
});
