import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiagramError, iconSubset, renderAll, renumberIconifyIds } from '../../scripts/lib/diagrams.js';
import { diagramSources } from '../../scripts/lib/stages.js';
import { BrowserNotFoundError, findChromium } from '../../scripts/lib/browser.js';
import { repoRoot } from '../helpers/repo.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'diagrams-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sources = diagramSources();
const noBrowser = async (): Promise<never> => {
  throw new Error('a browser was started although every diagram was cached');
};

describe('diagram rendering in headless Chromium', () => {
  it('renders every diagram to a static SVG, byte-identical across runs and render orders, without random Iconify ids', async () => {
    const first = await renderAll(sources, { outDir: path.join(tmp, 'a'), cacheDir: path.join(tmp, 'cache-a') });
    // The second run renders them in the opposite order: one page renders them all, in turn.
    const second = await renderAll([...sources].reverse(), { outDir: path.join(tmp, 'b'), cacheDir: path.join(tmp, 'cache-b') });
    expect(first.rendered).toEqual(sources.map((s) => s.name));
    expect(second.rendered).toEqual([...first.rendered].reverse());
    for (const { name } of sources) {
      const a = fs.readFileSync(path.join(tmp, 'a', `${name}.svg`), 'utf8');
      expect(a).toMatch(/^<svg [^>]*id="diagram-[a-z0-9-]+"/);
      expect(a).not.toMatch(/IconifyId/);
      expect(a).not.toMatch(/<script/i);
      expect(fs.readFileSync(path.join(tmp, 'b', `${name}.svg`), 'utf8')).toBe(a);
    }
  }, 120_000);

  it('embeds the AWS icons it names, offline', () => {
    const overview = fs.readFileSync(path.join(tmp, 'a', 'overview.svg'), 'utf8');
    expect(overview).toMatch(/overview-icon-1/);
    // The EKS and Aurora icons are inlined as SVG paths, not fetched.
    expect(overview).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('serves unchanged diagrams from the cache without starting a browser, and prunes stale SVGs', async () => {
    fs.writeFileSync(path.join(tmp, 'a', 'removed-diagram.svg'), '<svg/>');
    const stats = await renderAll(sources, { outDir: path.join(tmp, 'a'), cacheDir: path.join(tmp, 'cache-a'), prune: true, launch: noBrowser });
    expect(stats.cached).toEqual(sources.map((s) => s.name));
    expect(stats.rendered).toEqual([]);
    expect(stats.removed).toEqual(['removed-diagram.svg']);
  });

  it('re-renders a diagram whose source changed', async () => {
    const changed = sources.map((s) => (s.name === 'overview' ? { ...s, definition: s.definition.replace('EKS cluster', 'EKS cluster (changed)') } : s));
    expect(changed.find((s) => s.name === 'overview')!.definition).toContain('(changed)');
    const stats = await renderAll(changed, { outDir: path.join(tmp, 'a'), cacheDir: path.join(tmp, 'cache-a') });
    expect(stats.rendered).toEqual(['overview']);
    expect(fs.readFileSync(path.join(tmp, 'a', 'overview.svg'), 'utf8')).toContain('(changed)');
  }, 60_000);

  it('names the diagram when Mermaid rejects it', async () => {
    const broken = [{ name: 'broken', source: 'diagrams/broken.mmd', definition: 'flowchart LR\n  A --> ((' }];
    await expect(renderAll(broken, { outDir: path.join(tmp, 'c'), cacheDir: path.join(tmp, 'cache-c') })).rejects.toThrow(
      /^diagrams\/broken\.mmd: Mermaid could not render it: Parse error on line 2:\n[^]*Expecting [^(]*$/,
    );
  }, 60_000);

  it('names the line of an unknown icon before any browser starts', async () => {
    const bad = [{ name: 'bad', source: 'diagrams/bad.mmd', definition: 'architecture-beta\n  service a(logos:aws-eks)[A]\n  service b(logos:aws-nope)[B]\n' }];
    await expect(renderAll(bad, { outDir: path.join(tmp, 'd'), cacheDir: path.join(tmp, 'cache-d'), launch: noBrowser })).rejects.toThrow(
      new DiagramError('diagrams/bad.mmd:3: unknown icon "logos:aws-nope"; pick one from @iconify-json/logos (for example logos:aws-eks)'),
    );
    expect(iconSubset({ ...bad[0]!, definition: 'flowchart LR\n A-->B' })).toBeNull();
  });

  it('refuses, before any browser starts, what the renderer does not load (ELK layout, ZenUML)', async () => {
    const elk = [{ name: 'elk', source: 'diagrams/elk.mmd', definition: '---\nconfig:\n  layout: elk\n---\nflowchart LR\n  A --> B\n' }];
    await expect(renderAll(elk, { outDir: path.join(tmp, 'e'), cacheDir: path.join(tmp, 'cache-e'), launch: noBrowser })).rejects.toThrow(/^diagrams\/elk\.mmd:3: the ELK layout is not loaded/);
    const zen = [{ name: 'zen', source: 'diagrams/zen.mmd', definition: 'zenuml\n  A.method()\n' }];
    await expect(renderAll(zen, { outDir: path.join(tmp, 'e'), cacheDir: path.join(tmp, 'cache-e'), launch: noBrowser })).rejects.toThrow(/^diagrams\/zen\.mmd:1: ZenUML is not loaded/);
  });
});

describe('post-processing', () => {
  it('renumbers Iconify ids by first appearance, consistently', () => {
    const svg = '<g id="IconifyId19abc0"/><use href="#IconifyId19abc0"/><g id="IconifyIdff12"/><use href="#IconifyIdff12"/>';
    expect(renumberIconifyIds(svg, 'x')).toBe('<g id="x-icon-1"/><use href="#x-icon-1"/><g id="x-icon-2"/><use href="#x-icon-2"/>');
  });
});

describe('finding Chromium', () => {
  const exists = (files: string[]) => (f: string) => files.includes(f);
  it('prefers PUPPETEER_EXECUTABLE_PATH, then the Debian path', () => {
    expect(findChromium({ PUPPETEER_EXECUTABLE_PATH: '/opt/chrome' }, ['/usr/bin/chromium'], exists(['/opt/chrome', '/usr/bin/chromium']))).toBe('/opt/chrome');
    expect(findChromium({}, ['/usr/bin/chromium'], exists(['/usr/bin/chromium']))).toBe('/usr/bin/chromium');
  });
  it('fails with the install command when none is found', () => {
    expect(() => findChromium({}, ['/usr/bin/chromium'], exists([]))).toThrow(BrowserNotFoundError);
    expect(() => findChromium({}, ['/usr/bin/chromium'], exists([]))).toThrow(/apt-get install -y chromium/);
    expect(() => findChromium({ PUPPETEER_EXECUTABLE_PATH: '/nope' }, ['/usr/bin/chromium'], exists(['/usr/bin/chromium']))).toThrow(
      /PUPPETEER_EXECUTABLE_PATH=\/nope is not an executable file/,
    );
  });
  it('finds the real one on this machine', () => {
    expect(fs.existsSync(findChromium())).toBe(true);
  });
});
