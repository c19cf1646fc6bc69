/**
 * Mermaid → static SVG, in one shared headless Chromium, cached by content hash.
 *
 * Output is deterministic: Mermaid's own ids are seeded per diagram and the
 * random ids Iconify gives icon fragments are renumbered in order of first use.
 * AWS icons come from @iconify-json/logos, passed to the page inline (only the
 * icons a diagram uses), so rendering needs no network.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser } from 'puppeteer';
import { findChromium, HEADLESS_ARGS } from './browser.js';

const require = createRequire(import.meta.url);

/** Bump when the post-processing below changes, to invalidate cached SVGs. */
const POSTPROCESS_VERSION = 2;

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
  return `mmdc ${packageVersion('@mermaid-js/mermaid-cli')}; mermaid ${packageVersion('mermaid')}; post ${POSTPROCESS_VERSION}`;
}

export function cacheKey(diagram: DiagramSource): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([rendererVersion(), MERMAID_CONFIG, diagram.name, diagram.definition]))
    .digest('hex');
}

function writeAtomic(file: string, data: string) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export async function renderOne(browser: Browser, diagram: DiagramSource): Promise<string> {
  const { renderMermaid } = await import('@mermaid-js/mermaid-cli');
  const icons = iconSubset(diagram);
  const iconPacksNamesAndUrls = icons
    ? [`${icons.prefix}#data:application/json;base64,${Buffer.from(JSON.stringify(icons)).toString('base64')}`]
    : [];
  try {
    const { data } = await renderMermaid(browser, diagram.definition, 'svg', {
      backgroundColor: 'white',
      svgId: `diagram-${diagram.name}`,
      mermaidConfig: { ...MERMAID_CONFIG, deterministicIDSeed: diagram.name },
      iconPacksNamesAndUrls,
    });
    return renumberIconifyIds(new TextDecoder().decode(data), diagram.name);
  } catch (error) {
    throw new DiagramError(`${diagram.source}: Mermaid could not render it: ${(error as Error).message.split('\n')[0]}`);
  }
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
    iconSubset(diagram); // fail fast on unknown icons, before a browser starts
    const cached = path.join(options.cacheDir, `${cacheKey(diagram)}.svg`);
    if (fs.existsSync(cached)) {
      writeAtomic(path.join(options.outDir, `${diagram.name}.svg`), fs.readFileSync(cached, 'utf8'));
      stats.cached.push(diagram.name);
    } else misses.push({ diagram, cached });
  }

  if (misses.length) {
    const browser = await (options.launch ?? launchBrowser)();
    try {
      // Two pages at a time: each render waits on Mermaid's own page load as much as on the CPU.
      // Output stays deterministic (ids are seeded per diagram); the report keeps the sources' order.
      const queue = [...misses];
      const rendered = new Set<string>();
      let failedOnce = false;
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          if (failedOnce) return;
          const svg = await renderOne(browser, next.diagram).catch((error: unknown) => {
            failedOnce = true;
            throw error;
          });
          writeAtomic(next.cached, svg);
          writeAtomic(path.join(options.outDir, `${next.diagram.name}.svg`), svg);
          rendered.add(next.diagram.name);
        }
      };
      // Let both workers settle before the browser closes; then report the first failure.
      const settled = await Promise.allSettled([worker(), worker()]);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      stats.rendered.push(...misses.map((m) => m.diagram.name).filter((n) => rendered.has(n)));
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
