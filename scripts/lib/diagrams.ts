/**
 * Mermaid → static SVG, in one page of a headless Chromium, cached by content hash.
 *
 * Mermaid's browser bundle is loaded into the page once and every diagram that
 * is not cached renders there in turn, the same calls Mermaid's own CLI makes
 * (initialize, render, background, XML serialisation) without its per-diagram
 * page set-up (a fresh page loading Mermaid, ELK, ZenUML and icon fonts, some
 * 3 s here each). When this replaced the CLI (mermaid-cli 11.17.0) every SVG
 * came out byte-identical to the CLI's (compared once, by hand); that output
 * does not depend on the order diagrams render in is tested. The ELK layout and
 * ZenUML, which the CLI also loaded, are not: diagrams asking for them fail
 * with their line before a browser starts.
 *
 * Output is deterministic: Mermaid's own ids are seeded per diagram and the
 * random ids Iconify gives icon fragments are renumbered in order of first use.
 * AWS icons come from @iconify-json/logos, passed to the page inline (only the
 * icons a diagram uses), so rendering needs no network.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import { findChromium, HEADLESS_ARGS } from './browser.js';
import { writeFileAtomic } from './atomic.js';

const require = createRequire(import.meta.url);

/** Bump when the page set-up or the post-processing below changes, to invalidate cached SVGs. */
const RENDERER_VERSION = 4;

const MERMAID_BUNDLE = require.resolve('mermaid/dist/mermaid.min.js');

export const MERMAID_CONFIG = {
  theme: 'neutral',
  deterministicIds: true,
  flowchart: { htmlLabels: false, curve: 'basis' },
  fontFamily: 'DejaVu Sans, Arial, sans-serif',
  securityLevel: 'strict',
} as const;

export interface DiagramSource {
  /** File name without extension; becomes <name>.svg. */
  name: string;
  /** Repository-relative path of the source, for error messages. */
  source: string;
  definition: string;
}

export interface RenderStats {
  rendered: string[];
  cached: string[];
  removed: string[];
}

export class DiagramError extends Error {}

interface IconifyJson {
  prefix: string;
  icons: Record<string, unknown>;
  aliases?: Record<string, { parent: string }>;
  width?: number;
  height?: number;
}

let logosPack: IconifyJson | undefined;
function loadLogos(): IconifyJson {
  logosPack ??= JSON.parse(fs.readFileSync(require.resolve('@iconify-json/logos/icons.json'), 'utf8')) as IconifyJson;
  return logosPack;
}

/** The subset of the logos pack a diagram uses; unknown icons fail with their line. */
export function iconSubset(diagram: DiagramSource): IconifyJson | null {
  const used = new Map<string, number>();
  diagram.definition.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/\blogos:([a-z0-9-]+)/g)) if (!used.has(m[1]!)) used.set(m[1]!, i + 1);
  });
  if (used.size === 0) return null;
  const pack = loadLogos();
  const icons: Record<string, unknown> = {};
  const aliases: Record<string, { parent: string }> = {};
  for (const [name, line] of used) {
    const alias = pack.aliases?.[name];
    const target = alias ? alias.parent : name;
    if (!pack.icons[target]) {
      throw new DiagramError(`${diagram.source}:${line}: unknown icon "logos:${name}"; pick one from @iconify-json/logos (for example logos:aws-eks)`);
    }
    icons[target] = pack.icons[target];
    if (alias) aliases[name] = alias;
  }
  return { prefix: pack.prefix, icons, aliases, width: pack.width, height: pack.height };
}

/** Fails, naming the line, on Mermaid features the renderer does not load (the ELK layout, ZenUML). */
export function checkSupported(diagram: DiagramSource): void {
  diagram.definition.split('\n').forEach((line, i) => {
    const feature = /\blayout\W{0,3}\s*elk\b/i.test(line) ? 'the ELK layout' : /^\s*zenuml\s*$/i.test(line) ? 'ZenUML' : null;
    if (feature) {
      throw new DiagramError(`${diagram.source}:${i + 1}: ${feature} is not loaded by the guide's renderer (scripts/lib/diagrams.ts); use Mermaid's default layout or another diagram type`);
    }
  });
}

/** Replaces Iconify's random ids with stable ones, numbered by first appearance. */
export function renumberIconifyIds(svg: string, name: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/IconifyId[0-9a-zA-Z]+/g, (id) => {
    if (!ids.has(id)) ids.set(id, `${name}-icon-${ids.size + 1}`);
    return ids.get(id)!;
  });
}

/** The installed version of a package, found by walking up from its entry point. */
export function packageVersion(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version: string };
      if (pkg.name === name) return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${name}`);
    dir = parent;
  }
}

function rendererVersion(): string {
  return `mermaid ${packageVersion('mermaid')}; renderer ${RENDERER_VERSION}`;
}

export function cacheKey(diagram: DiagramSource): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([rendererVersion(), MERMAID_CONFIG, diagram.name, diagram.definition]))
    .digest('hex');
}


/** A page with Mermaid loaded, rendering one diagram at a time. */
export interface DiagramPage {
  render(diagram: DiagramSource): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens a page that loads Mermaid's bundle from disk: Chromium reads the file itself, rather than
 * Puppeteer sending its 3.5 MB through the DevTools protocol (about 0.3 s less CPU, same SVGs).
 */
export async function openDiagramPage(browser: Browser): Promise<DiagramPage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-mermaid-page-'));
  const html = path.join(dir, 'render.html');
  fs.writeFileSync(html, `<!doctype html><html><head><meta charset="utf-8"><script src="${pathToFileURL(MERMAID_BUNDLE).href}"></script></head><body><div id="container"></div></body></html>`);
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    if (!(await page.evaluate(() => 'mermaid' in globalThis))) throw new Error('the bundle did not define mermaid');
  } catch (error) {
    throw new DiagramError(`could not load Mermaid (${MERMAID_BUNDLE}) into Chromium: ${(error as Error).message.split('\n')[0]}; reinstall with npm ci`);
  } finally {
    // Loaded: the page needs the file no longer.
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    async render(diagram) {
      const icons = iconSubset(diagram);
      try {
        const svg = await page.evaluate(
          async ({ definition, config, svgId, icons }) => {
            const mermaid = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
            // Only the icons this diagram names, inline: no network, and a pack replaced per diagram.
            if (icons) mermaid.registerIconPacks([{ name: icons.prefix, icons }]);
            mermaid.initialize({ startOnLoad: false, ...config });
            const container = document.getElementById('container')!;
            container.innerHTML = '';
            const { svg: markup } = await mermaid.render(svgId, definition, container);
            container.innerHTML = markup;
            const element = container.querySelector('svg')!;
            element.style.backgroundColor = 'white';
            // XML, not HTML: labels may hold <br> and the like.
            return new XMLSerializer().serializeToString(element);
          },
          { definition: diagram.definition, config: { ...MERMAID_CONFIG, deterministicIDSeed: diagram.name }, svgId: `diagram-${diagram.name}`, icons },
        );
        return renumberIconifyIds(svg, diagram.name);
      } catch (error) {
        // Mermaid's parse errors span lines: the line number, the text with a caret, what it expected.
        // Stack frames from the page (`fn (file:line:col)`, `at …`) are left out.
        const lines = (error as Error).message
          .replace(/^Error: /, '')
          .split('\n')
          .filter((line) => !/^\s*at\s|\(\S+:\d+:\d+\)\s*$/.test(line));
        throw new DiagramError(`${diagram.source}: Mermaid could not render it: ${lines.join('\n    ').trim()}`);
      }
    },
    close: () => page.close(),
  };
}

/** The part of the page's `mermaid` global used here. */
interface MermaidGlobal {
  registerIconPacks(packs: Array<{ name: string; icons: IconifyJson }>): void;
  initialize(config: Record<string, unknown>): void;
  render(id: string, definition: string, container: Element): Promise<{ svg: string }>;
}

export interface RenderAllOptions {
  outDir: string;
  cacheDir: string;
  /** Remove SVGs in outDir that no source produces any more. */
  prune?: boolean;
  launch?: () => Promise<Browser>;
}

export async function launchBrowser(): Promise<Browser> {
  const puppeteer = (await import('puppeteer')).default;
  return puppeteer.launch({ executablePath: findChromium(), headless: true, args: HEADLESS_ARGS });
}

export async function renderAll(diagrams: DiagramSource[], options: RenderAllOptions): Promise<RenderStats> {
  fs.mkdirSync(options.outDir, { recursive: true });
  fs.mkdirSync(options.cacheDir, { recursive: true });
  const stats: RenderStats = { rendered: [], cached: [], removed: [] };
  const misses: Array<{ diagram: DiagramSource; cached: string }> = [];

  for (const diagram of diagrams) {
    // Fail fast, before a browser starts: unknown icons, features the page does not load.
    iconSubset(diagram);
    checkSupported(diagram);
    const cached = path.join(options.cacheDir, `${cacheKey(diagram)}.svg`);
    if (fs.existsSync(cached)) {
      writeFileAtomic(path.join(options.outDir, `${diagram.name}.svg`), fs.readFileSync(cached, 'utf8'));
      stats.cached.push(diagram.name);
    } else misses.push({ diagram, cached });
  }

  if (misses.length) {
    const browser = await (options.launch ?? launchBrowser)();
    try {
      const page = await openDiagramPage(browser);
      for (const { diagram, cached } of misses) {
        const svg = await page.render(diagram);
        writeFileAtomic(cached, svg);
        writeFileAtomic(path.join(options.outDir, `${diagram.name}.svg`), svg);
        stats.rendered.push(diagram.name);
      }
    } finally {
      await browser.close();
    }
  }

  if (options.prune) {
    const wanted = new Set(diagrams.map((d) => `${d.name}.svg`));
    for (const file of fs.readdirSync(options.outDir)) {
      if (file.endsWith('.svg') && !wanted.has(file)) {
        fs.rmSync(path.join(options.outDir, file));
        stats.removed.push(file);
      }
    }
  }
  return stats;
}

/** Reads diagrams/*.mmd. */
export function readDiagramSources(rootDir: string, dir = 'diagrams'): DiagramSource[] {
  const abs = path.join(rootDir, dir);
  return fs
    .readdirSync(abs)
    .filter((f) => f.endsWith('.mmd'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.mmd$/, ''),
      source: `${dir}/${f}`,
      definition: fs.readFileSync(path.join(abs, f), 'utf8'),
    }));
}
