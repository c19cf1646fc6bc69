/**
 * The whole pipeline on a fresh copy of the repository: diagrams → synth →
 * docusaurus build, then what a reader gets in build/, then a rebuild after an
 * imported region changes (the persistent cache must not serve stale code).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRepo, edit, removeCopy, repoRoot } from '../helpers/repo.js';
import { extractRegion } from '../../src/code-import/regions.js';

let copy: string;
const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: copy, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CI: 'true' } });

function builtFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

function decode(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

beforeAll(() => {
  copy = copyRepo({ withNodeModules: true, seedDiagramCache: true });
  run(bin('tsx'), ['scripts/build.ts']);
}, 600_000);
afterAll(() => removeCopy(copy));

describe('npm run build on a fresh copy', () => {
  it('puts the imported region, as the source has it, into the page', () => {
    const html = decode(fs.readFileSync(path.join(copy, 'build/deploy/state-backend.html'), 'utf8'));
    const region = extractRegion(fs.readFileSync(path.join(copy, 'iac/stacks/state-stack.ts'), 'utf8'), 'state-stack');
    for (const line of region.split('\n').map((l) => l.trim()).filter(Boolean)) expect(html).toContain(line);
    expect(html).toContain('iac/stacks/state-stack.ts'); // the block's title names its source
  });

  it('shows the generated terraform block and the stack inventory', () => {
    const state = decode(fs.readFileSync(path.join(copy, 'build/deploy/state-backend.html'), 'utf8'));
    expect(state).toContain('"use_lockfile": true');
    const overview = decode(fs.readFileSync(path.join(copy, 'build/index.html'), 'utf8'));
    expect(overview).toMatch(/coder\/prod\/state\.tfstate/);
  });

  it('renders Markdown constructs, leaving no directive syntax in the text', () => {
    for (const page of builtFiles(path.join(copy, 'build')).filter((f) => f.endsWith('.html'))) {
      const text = decode(fs.readFileSync(page, 'utf8').replace(/<(script|style|code|pre)[^>]*>[\s\S]*?<\/\1>/g, ''));
      expect(text, path.relative(copy, page)).not.toMatch(/^:::|\s:::(\w|\s|$)/m);
    }
    const overview = fs.readFileSync(path.join(copy, 'build/index.html'), 'utf8');
    expect(overview).toMatch(/class="[^"]*theme-admonition[^"]*"/);
  });

  it('embeds the diagram as a static SVG image', () => {
    const html = fs.readFileSync(path.join(copy, 'build/index.html'), 'utf8');
    const src = /<img[^>]+src=["']?(\/assets\/images\/overview-[0-9a-f]+\.svg)/.exec(html)?.[1];
    expect(src, 'an <img> pointing at the rendered overview SVG').toBeDefined();
    const svg = fs.readFileSync(path.join(copy, 'build', src!), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*id="diagram-overview"/);
  });

  it('ships no Mermaid runtime', () => {
    const scripts = builtFiles(path.join(copy, 'build')).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const js = fs.readFileSync(file, 'utf8');
      expect(js, path.relative(copy, file)).not.toMatch(/mermaidAPI|registerIconPacks|registerLayoutLoaders/);
    }
  });

  it('shows the new code after an imported region changes, with the build cache warm', () => {
    const cache = path.join(copy, 'node_modules/.cache/rspack');
    expect(fs.existsSync(cache), 'the first build left a persistent cache').toBe(true);
    edit(path.join(copy, 'iac/stacks/state-stack.ts'), (t) =>
      t.replace('    // #region state-stack\n', '    // #region state-stack\n    // Retention follows the environment: production keeps a year.\n'),
    );
    run(bin('docusaurus'), ['build']);
    const html = decode(fs.readFileSync(path.join(copy, 'build/deploy/state-backend.html'), 'utf8'));
    expect(html).toContain('Retention follows the environment: production keeps a year.');
  }, 300_000);

  it('fails the build, naming page and line, when an import breaks', () => {
    edit(path.join(copy, 'iac/constructs/hardened-bucket.ts'), (t) => t.replaceAll('region bucket-hardening', 'region bucket-rules'));
    let output = '';
    try {
      run(bin('docusaurus'), ['build']);
    } catch (error) {
      const e = error as { stdout: string; stderr: string };
      output = `${e.stdout}\n${e.stderr}`;
    }
    expect(output).toMatch(/docs\/deploy\/state-backend\.mdx:\d+:\d+: code import: iac\/constructs\/hardened-bucket\.ts: region "bucket-hardening" not found/);
  }, 300_000);
});
