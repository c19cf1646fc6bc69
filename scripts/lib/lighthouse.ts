/**
 * Lighthouse (performance, accessibility) and the JavaScript weight of pages
 * of the built site, served from 127.0.0.1 and loaded in Debian's chromium.
 * Benchmark figures, not tests: the targets are printed beside them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findChromium, HEADLESS_ARGS } from './browser.js';
import { serveStatic } from '../../test/helpers/static-server.js';

export interface PageFigures {
  page: string;
  preset: 'mobile' | 'desktop';
  /** Accessibility audits that did not pass. */
  accessibilityFailures: string[];
  performance: number;
  accessibility: number;
  /** Bytes of JavaScript the page loads (uncompressed, as served). */
  jsBytes: number;
}

/** Issue #16's targets for a page: mobile performance, accessibility, and the JavaScript it loads (uncompressed). */
export const LIGHTHOUSE_TARGETS = { performance: 95, accessibility: 100, jsKiB: 400 };

/** Lighthouse's mobile default (simulated slow 4G, 4× CPU slowdown) and its desktop preset. */
export async function measurePages(buildDir: string, pages: string[], presets: Array<'mobile' | 'desktop'> = ['mobile', 'desktop']): Promise<PageFigures[]> {
  const { launch } = await import('chrome-launcher');
  const lighthouse = (await import('lighthouse')).default;
  const site = await serveStatic(path.resolve(buildDir));
  const chrome = await launch({ chromePath: findChromium(), chromeFlags: ['--headless=new', ...HEADLESS_ARGS] });
  try {
    const results: PageFigures[] = [];
    const desktop = (await import('lighthouse/core/config/desktop-config.js')).default;
    for (const preset of presets) for (const page of pages) {
      const run = await lighthouse(`${site.url}${page}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] }, preset === 'desktop' ? desktop : undefined);
      const lhr = run!.lhr;
      const a11yRefs = new Set((lhr.categories.accessibility?.auditRefs ?? []).filter((r) => r.weight > 0).map((r) => r.id));
      const requests = (lhr.audits['network-requests']?.details as { items?: Array<{ resourceType?: string; resourceSize?: number }> } | undefined)?.items ?? [];
      results.push({
        page,
        preset,
        accessibilityFailures: Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a11yRefs.has(a.id)).map((a) => a.id),
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
        jsBytes: requests.filter((r) => r.resourceType === 'Script').reduce((sum, r) => sum + (r.resourceSize ?? 0), 0),
      });
    }
    return results;
  } finally {
    await chrome.kill();
    await site.close();
  }
}

/** JavaScript files a built page references, and their total size on disk. */
export function pageScriptBytes(buildDir: string, page: string): number {
  const file = path.join(buildDir, page === '/' ? 'index.html' : `${page}.html`);
  const html = fs.readFileSync(file, 'utf8');
  return [...html.matchAll(/<script[^>]+src="?([^"\s>]+\.js)/g)].reduce((sum, m) => sum + fs.statSync(path.join(buildDir, m[1]!)).size, 0);
}
