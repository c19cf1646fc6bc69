/**
 * The whole pipeline on a fresh copy of the repository: diagrams → synth →
 * docusaurus build, then what a reader gets in build/, then a rebuild after an
 * imported region changes (the persistent cache must not serve stale code).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';
import { copyRepo, edit, removeCopy, repoRoot } from '../helpers/repo.js';
import { serveStatic } from '../helpers/static-server.js';
import { findChromium, HEADLESS_ARGS } from '../../scripts/lib/browser.js';

const require = createRequire(import.meta.url);
import { extractRegion } from '../../src/code-import/regions.js';
import { themes } from 'prism-react-renderer';

let copy: string;
const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);
// Edit links come from the copy's git remote here, not from whatever CI this runs in.
const { GITHUB_ACTIONS: _gha, GITLAB_CI: _glci, GUIDE_EDIT_URL: _edit, ...buildEnv } = process.env;
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: copy, encoding: 'utf8', stdio: 'pipe', env: { ...buildEnv, CI: 'true' } });

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

// The copy is committed once, at this date, on a branch of a GitHub remote, so every page's
// last-updated line and edit link are known.
const SNAPSHOT_DATE = '2026-03-04T12:00:00Z';

beforeAll(() => {
  copy = copyRepo({ withNodeModules: true, seedDiagramCache: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=guide-test', '-c', 'user.email=guide-test@example.com', ...args], {
      cwd: copy,
      stdio: 'pipe',
      env: { ...process.env, GIT_AUTHOR_DATE: SNAPSHOT_DATE, GIT_COMMITTER_DATE: SNAPSHOT_DATE },
    });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'git@github.com:acme/coder-eks-guide.git');
  git('add', '-A');
  git('commit', '-q', '-m', 'snapshot');
  // As a clone would have it: main tracks origin/main.
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  git('branch', '-q', '--set-upstream-to=origin/main');
  // As npm run build runs it: from the bundle compiled once (scripts/lib/run-compiled.mjs).
  run(process.execPath, ['--enable-source-maps', 'scripts/lib/run-compiled.mjs', 'scripts/build.ts']);
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

  it('puts no path of the build machine into the pages\' JavaScript (plugin options are serialized into it)', () => {
    for (const file of builtFiles(path.join(copy, 'build')).filter((f) => f.endsWith('.js'))) {
      expect(fs.readFileSync(file, 'utf8'), path.relative(copy, file)).not.toContain(copy);
    }
  });

  it('ships no Prism: code blocks carry their build-time highlighting', () => {
    const scripts = builtFiles(path.join(copy, 'build')).filter((f) => f.endsWith('.js'));
    for (const file of scripts) {
      // Prism's grammar API (`insertBefore:`, `tokenize:`) and the HCL grammar's heredoc rule.
      expect(fs.readFileSync(file, 'utf8'), path.relative(copy, file)).not.toMatch(/insertBefore:|tokenize:|heredoc/);
    }
    const html = fs.readFileSync(path.join(copy, 'build/deploy/state-backend.html'), 'utf8');
    expect(html).toMatch(/<span class="?token keyword gp-keyword-color"?>/);
  });

  describe('in a real browser (Debian chromium)', () => {
    let browser: Browser;
    let site: { url: string; close: () => Promise<void> };
    let pages: string[];
    beforeAll(async () => {
      site = await serveStatic(path.join(copy, 'build'));
      browser = await chromium.launch({ executablePath: findChromium(), args: HEADLESS_ARGS, headless: true });
      const sitemap = fs.readFileSync(path.join(copy, 'build/sitemap.xml'), 'utf8');
      pages = [...sitemap.matchAll(/<loc>https?:\/\/[^/]+([^<]*)<\/loc>/g)].map((m) => m[1] || '/');
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await site?.close();
    });

    it('loads every page without console errors, and with every image', async () => {
      expect(pages.length).toBeGreaterThan(10);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      for (const p of pages) {
        const response = await page.goto(site.url + p, { waitUntil: 'load' });
        expect(response?.status(), p).toBe(200);
        // Diagrams load lazily: load them all now, then look for any that failed.
        const broken = await page.$$eval('img', async (imgs) => {
          for (const img of imgs) img.loading = 'eager';
          await Promise.all(imgs.map((img) => img.decode().catch(() => undefined)));
          return imgs.filter((i) => i.naturalWidth === 0).map((i) => i.src);
        });
        expect(broken, p).toEqual([]);
      }
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);

    it.each([390, 1400])('the home page\'s stacks table at %i px: no stack name broken, no page-wide horizontal scroll, and it fits a laptop', async (width) => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${site.url}/`, { waitUntil: 'load' });
      const table = page.locator('[role=region][aria-label="Synthesized stacks"]');
      const measured = await table.evaluate((region) => {
        const names = Array.from(region.querySelectorAll('tbody tr td:first-child code')).map((code) => ({ text: code.textContent, lines: code.getClientRects().length, height: code.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(code).lineHeight) || 20 }));
        return { names, overflow: region.scrollWidth - region.clientWidth, pageOverflow: document.documentElement.scrollWidth - window.innerWidth };
      });
      expect(measured.names.length).toBeGreaterThan(5);
      for (const n of measured.names) expect(n.lines, `${n.text} on one line`).toBe(1);
      expect(measured.pageOverflow).toBeLessThanOrEqual(0);
      if (width >= 1400) expect(measured.overflow, 'the table needs no horizontal scrolling at 1400 px').toBeLessThanOrEqual(0);
      await page.close();
    });

    it('every diagram is legible as shown, or opens full size on a click (labels of at least 12 px)', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      let checked = 0;
      for (const p of ['/', '/understand/architecture']) {
        await page.goto(site.url + p, { waitUntil: 'load' });
        const diagrams = await page.$$eval('article img', async (elements) => {
          const imgs = elements as HTMLImageElement[];
          const svgs = imgs.filter((img) => /\.svg(\?.*)?$/.test(img.getAttribute('src') ?? ''));
          for (const img of svgs) img.loading = 'eager';
          await Promise.all(svgs.map((img) => img.decode().catch(() => undefined)));
          // The drawing's own width is its viewBox's (an SVG with width 100% has no natural width).
          return Promise.all(
            svgs.map(async (img) => {
              const svg = await (await fetch(img.src)).text();
              const viewBox = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) /.exec(svg);
              return { src: img.getAttribute('src')!, shown: img.getBoundingClientRect().width, natural: viewBox ? Number(viewBox[1]) : 0, link: img.closest('a')?.getAttribute('href') ?? null };
            }),
          );
        });
        for (const d of diagrams) {
          checked += 1;
          // Mermaid draws labels at 16 px in the SVG's own units.
          expect(d.natural, d.src).toBeGreaterThan(0);
          const label = (16 * d.shown) / d.natural;
          if (label >= 12) continue;
          expect(d.link, `${p} ${d.src}: labels show at ${label.toFixed(1)} px, so a click must open it full size`).toBe(d.src);
          const response = await page.request.get(site.url + d.link);
          expect(response.status()).toBe(200);
          expect(response.headers()['content-type']).toContain('image/svg+xml');
        }
      }
      expect(checked).toBeGreaterThanOrEqual(4);
      await page.close();
    });

    it('shows every diagram on the architecture page, with text alternatives', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${site.url}/understand/architecture`, { waitUntil: 'load' });
      const diagrams = page.locator('article img[src$=".svg"]');
      expect(await diagrams.count()).toBeGreaterThanOrEqual(6);
      for (const img of await diagrams.all()) {
        await img.scrollIntoViewIfNeeded();
        const box = await img.boundingBox();
        expect(box!.width).toBeGreaterThan(200);
        expect(box!.height).toBeGreaterThan(100);
        expect((await img.getAttribute('alt'))!.length).toBeGreaterThan(20);
      }
      await page.close();
    }, 60_000);

    it('search finds a term that appears only in imported code', async () => {
      const page = await browser.newPage();
      await page.goto(`${site.url}/`, { waitUntil: 'load' });
      const input = page.locator('.navbar__search-input');
      await input.click(); // the index loads on focus
      await page.waitForResponse((r) => r.url().includes('search-index'), { timeout: 15_000 }).catch(() => undefined);
      await input.pressSequentially('useLockfile', { delay: 30 });
      const first = page.locator('[role="listbox"] [role="option"]').first();
      await first.waitFor({ timeout: 15_000 });
      const text = await first.innerText();
      expect(text).toContain('useLockfile');
      expect(text).toMatch(/Terraform state backend/);
      await page.close();
    }, 60_000);

    it('loads the search bar on first use: not in the main bundle; Ctrl+K fetches and focuses it, and what was typed meanwhile is kept', async () => {
      // The plugin's bar (its hit templates' class names among it) is in a chunk of its own.
      const main = builtFiles(path.join(copy, 'build')).find((f) => /\/main\.[0-9a-f]+\.js$/.test(f))!;
      expect(fs.readFileSync(main, 'utf8')).not.toContain('hitFooter');
      expect(builtFiles(path.join(copy, 'build')).some((f) => f.endsWith('.js') && fs.readFileSync(f, 'utf8').includes('hitFooter'))).toBe(true);
      const page = await browser.newPage();
      await page.goto(`${site.url}/deploy/state-backend`, { waitUntil: 'load' });
      // The placeholder takes text at once; the real bar arrives and carries on with it.
      await page.locator('.navbar__search-input').click();
      await page.keyboard.type('useLock', { delay: 20 });
      await page.keyboard.type('file', { delay: 30 });
      const first = page.locator('[role="listbox"] [role="option"]').first();
      await first.waitFor({ timeout: 15_000 });
      expect(await page.locator('.navbar__search-input').inputValue()).toBe('useLockfile');
      expect(await first.innerText()).toContain('useLockfile');
      await page.close();
      // Ctrl+K on a fresh page loads the bar and puts the cursor in it.
      const other = await browser.newPage();
      await other.goto(`${site.url}/`, { waitUntil: 'load' });
      // The shortcut is listened for once the page has hydrated, which may come after 'load': press until then.
      const focusedSearch = () => other.evaluate(() => document.activeElement?.classList.contains('navbar__search-input') === true);
      for (let i = 0; i < 30 && !(await focusedSearch()); i++) {
        await other.keyboard.press('Control+k');
        await other.waitForTimeout(300);
      }
      expect(await focusedSearch()).toBe(true);
      // The real bar took over: its container carries the plugin's own classes.
      await other.waitForFunction(() => document.querySelector('.navbar__search')?.className.includes('searchBarContainer') === true, undefined, { timeout: 15_000 });
      await other.close();
    }, 60_000);

    it('the copy button copies the imported code', async () => {
      const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
      const page = await context.newPage();
      await page.goto(`${site.url}/deploy/state-backend`, { waitUntil: 'load' });
      const block = page.locator('.theme-code-block').first();
      await block.hover();
      await block.locator('button[title="Copy"], button[aria-label*="Copy" i]').first().click();
      // What lands on the clipboard is the region as the source file has it.
      const region = extractRegion(fs.readFileSync(path.join(copy, 'iac/stacks/guide-stack.ts'), 'utf8'), 'backend');
      expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe(region.trim());
      await context.close();
    }, 60_000);

    it('shows when each page was last changed in git, and links to its source for editing', async () => {
      const page = await browser.newPage();
      for (const [p, source] of [['/deploy/state-backend', 'docs/deploy/state-backend.mdx'], ['/understand/architecture', 'docs/understand/architecture.mdx']]) {
        await page.goto(site.url + p!, { waitUntil: 'load' });
        expect(await page.locator('a.theme-edit-this-page').getAttribute('href'), p).toBe(`https://github.com/acme/coder-eks-guide/edit/main/${source}`);
        const time = page.locator('.theme-last-updated time');
        expect(await time.getAttribute('datetime'), p).toBe(new Date(SNAPSHOT_DATE).toISOString());
        expect(await page.locator('.theme-last-updated').innerText(), p).toBe('Last updated on Mar 4, 2026');
      }
      await page.close();
    }, 60_000);

    it('hydrates code blocks once, with the token colours of the reader\'s colour mode', async () => {
      // Upstream Docusaurus re-mounts every code block after hydration to repaint it for dark mode;
      // this site's CSS-variable palette makes that unnecessary (src/theme/CodeBlock).
      for (const [scheme, theme] of [['light', themes.vsLight], ['dark', themes.vsDark]] as const) {
        const context = await browser.newContext({ colorScheme: scheme });
        const page = await context.newPage();
        await page.addInitScript(() => {
          const w = window as unknown as { removedCodeBlocks: number };
          w.removedCodeBlocks = 0;
          new MutationObserver((records) => {
            for (const r of records) for (const n of Array.from(r.removedNodes)) if (n instanceof Element && (n.matches('pre, .theme-code-block') || n.querySelector('pre'))) w.removedCodeBlocks += 1;
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto(`${site.url}/deploy/state-backend`, { waitUntil: 'networkidle' });
        await page.waitForFunction(() => document.documentElement.dataset.theme !== undefined);
        await page.waitForTimeout(500);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
        expect(await page.evaluate(() => (window as unknown as { removedCodeBlocks: number }).removedCodeBlocks), scheme).toBe(0);
        const colours = await page.evaluate(() => {
          const of = (selector: string) => { const el = document.querySelector(selector); return el ? getComputedStyle(el).color : null; };
          return { string: of('.theme-code-block .token.string'), pre: getComputedStyle(document.querySelector('.theme-code-block pre')!).backgroundColor };
        });
        // The browser's own spelling of a theme colour ("#1E1E1E" → "rgb(30, 30, 30)").
        const rgb = (css: string) =>
          page.evaluate((colour) => {
            const probe = document.createElement('div');
            probe.style.color = colour;
            document.body.append(probe);
            const computed = getComputedStyle(probe).color;
            probe.remove();
            return computed;
          }, css);
        const stringStyle = theme.styles.filter((s) => s.types.includes('string') && !s.languages).at(-1)!.style;
        expect(colours.string, scheme).toBe(await rgb(stringStyle.color!));
        expect(colours.pre, scheme).toBe(await rgb(theme.plain.backgroundColor!));
        await context.close();
      }
    }, 60_000);

    it('switches between copying a step and running it, and keeps the reader\'s choice on the next page', async () => {
      const page = await browser.newPage();
      await page.goto(`${site.url}/deploy/state-backend`, { waitUntil: 'networkidle' });
      const runnerTab = page.getByRole('tab', { name: 'npm run guide' }).first();
      const copyTab = page.getByRole('tab', { name: 'Copy and paste' }).first();
      const runnerPanel = page.locator(`#${await runnerTab.getAttribute('aria-controls')}`);
      expect(await copyTab.getAttribute('aria-selected')).toBe('true');
      expect(await runnerPanel.isVisible()).toBe(false);
      await runnerTab.click();
      expect(await runnerPanel.isVisible()).toBe(true);
      expect((await runnerPanel.locator('pre').innerText()).trim()).toMatch(/^npm run guide -- run --only \S+$/);
      // The next step's page opens on the same tab.
      await page.goto(`${site.url}/deploy/network`, { waitUntil: 'networkidle' });
      const next = page.getByRole('tab', { name: 'npm run guide' }).first();
      await expect.poll(() => next.getAttribute('aria-selected')).toBe('true');
      // Arrow keys move between the tabs, as in any tab list.
      await next.focus();
      await page.keyboard.press('ArrowRight');
      const copyNext = page.getByRole('tab', { name: 'Copy and paste' }).first();
      expect(await copyNext.getAttribute('aria-selected')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Copy and paste');
      await page.close();

      // A link can open every step on a page on the runner tab, without a hydration error.
      const linked = await browser.newPage();
      const errors: string[] = [];
      linked.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await linked.goto(`${site.url}/deploy/validate?how-to-run=runner`, { waitUntil: 'networkidle' });
      const runnerTabs = linked.getByRole('tab', { name: 'npm run guide' });
      expect(await runnerTabs.count()).toBeGreaterThan(1);
      await expect.poll(async () => (await runnerTabs.evaluateAll((tabs) => tabs.map((t) => t.getAttribute('aria-selected')))).join()).toBe(
        Array((await runnerTabs.count())).fill('true').join(),
      );
      expect(errors).toEqual([]);
      await linked.close();
    }, 60_000);

    it('prefetches the pages the sidebar links to, through the idle queue', async () => {
      const page = await browser.newPage();
      await page.goto(`${site.url}/deploy/state-backend`, { waitUntil: 'load' });
      // The queue stands in for Docusaurus's prefetcher (src/client/idle-prefetch.ts): it answers at once.
      expect(await page.evaluate(() => (window as unknown as { docusaurus: { prefetch: (p: string) => unknown } }).docusaurus.prefetch('/reference/configuration'))).toBe(true);
      // …and the chunks of the linked pages still arrive, a route per idle period.
      await expect.poll(() => page.locator('head link[rel="prefetch"]').count(), { timeout: 20_000 }).toBeGreaterThan(5);
      await page.close();
    }, 60_000);

    it('axe-core finds no serious or critical accessibility violations on any page', async () => {
      const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
      const page = await browser.newPage();
      const problems: string[] = [];
      for (const p of pages) {
        await page.goto(site.url + p, { waitUntil: 'load' });
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
          return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
        });
        problems.push(...violations.map((v) => `${p}: ${v}`));
      }
      expect(problems).toEqual([]);
      await page.close();
    }, 240_000);
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
