/**
 * The site's one-theme-for-both-modes Prism colours (src/prism/css-variable-theme.ts)
 * must paint every token of every code block the guide shows exactly as the
 * upstream light and dark themes would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { normalizeTokens, Prism, themes, type PrismTheme } from 'prism-react-renderer';
import { cssVariableTheme, resolveStyle } from '../../src/prism/css-variable-theme.js';
import { parseImportMeta, resolveImport } from '../../src/code-import/fence.js';
import { scanFences } from '../../src/code-import/scan.js';
import { repoRoot } from '../helpers/repo.js';

const require = createRequire(import.meta.url);

// The same Prism the site uses: prism-react-renderer's bundle plus the config's additional languages.
const configSource = fs.readFileSync(path.join(repoRoot, 'docusaurus.config.ts'), 'utf8');
const additional = JSON.parse(/additionalLanguages: (\[[^\]]*\])/.exec(configSource)![1]!.replaceAll("'", '"')) as string[];
(globalThis as { Prism?: unknown }).Prism = Prism;
for (const language of additional) require(`prismjs/components/prism-${language}`);
delete (globalThis as { Prism?: unknown }).Prism;

type Style = Record<string, string | number | undefined>;

/**
 * What prism-react-renderer's Highlight gives a token, written out independently of the code under
 * test: the theme folded into one style per type (entries for other languages skipped, later entries
 * winning), then the token's types merged in order on top of the plain colour.
 */
function upstreamTokenStyle(theme: PrismTheme, types: string[], language: string): Style {
  const byType: Record<string, Style> = {};
  for (const entry of theme.styles) {
    if (entry.languages && !entry.languages.includes(language as never)) continue;
    for (const type of entry.types) byType[type] = { ...byType[type], ...(entry.style as Style) };
  }
  return Object.assign({ color: theme.plain.color }, ...types.map((type) => byType[type] ?? {})) as Style;
}

/** The same token under the variable theme, with the variables filled from one palette of the CSS. */
function paletteTokenStyle(variableTheme: PrismTheme, palette: Map<string, string>, types: string[], language: string): Style {
  const fill = (value: unknown) => String(value).replace(/var\((--[\w-]+)\)/g, (_, name: string) => palette.get(name) ?? 'UNDEFINED');
  const plainColor = fill(variableTheme.plain.color);
  const merged: Style = {};
  for (const type of types) Object.assign(merged, resolveStyle(variableTheme, type, language));
  const out: Style = { color: plainColor };
  for (const [key, value] of Object.entries(merged)) {
    const filled = fill(value);
    // `inherit` on a token span takes the line's value: the plain colour, or no style at all.
    if (filled !== 'inherit') out[key] = filled;
    else if (key === 'color') out.color = plainColor;
    else delete out[key];
  }
  return out;
}

function palettes(css: string): { light: Map<string, string>; dark: Map<string, string> } {
  const blocks = [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].map((m) => ({
    selector: m[1]!.trim(),
    vars: new Map([...m[2]!.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((d) => [d[1]!, d[2]!.trim()])),
  }));
  return {
    light: blocks.find((b) => b.selector.includes("'light'"))!.vars,
    dark: blocks.find((b) => b.selector.includes("'dark'"))!.vars,
  };
}

/** Every code block the guide shows, with its language. */
function guideCode(): Array<{ where: string; language: string; code: string }> {
  const out: Array<{ where: string; language: string; code: string }> = [];
  const docs = path.join(repoRoot, 'docs');
  for (const entry of fs.readdirSync(docs, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.mdx?$/.test(entry.name)) continue;
    const page = path.join(entry.parentPath, entry.name);
    for (const fence of scanFences(fs.readFileSync(page, 'utf8'))) {
      if (!fence.lang) continue;
      const spec = parseImportMeta(fence.meta);
      // Imported blocks show the file's region; the rest (flagged sample output) show their own text.
      const code = spec ? resolveImport(spec, page, repoRoot).code : fence.value;
      out.push({ where: `${path.relative(repoRoot, page)}:${fence.line}`, language: fence.lang, code });
    }
  }
  return out;
}

describe('Prism colours as CSS variables', () => {
  const { theme, css } = cssVariableTheme(themes.vsLight, themes.vsDark);
  const { light, dark } = palettes(css);

  it('defines every variable the theme uses, in both palettes', () => {
    const used = new Set([...JSON.stringify(theme).matchAll(/var\((--[\w-]+)\)/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(20);
    for (const name of used) {
      expect(light.has(name), `light ${name}`).toBe(true);
      expect(dark.has(name), `dark ${name}`).toBe(true);
    }
    expect(light.get('--guide-prism-plain-background-color')).toBe(themes.vsLight.plain.backgroundColor);
    expect(dark.get('--guide-prism-plain-background-color')).toBe(themes.vsDark.plain.backgroundColor);
  });

  it('paints every token of every code block in the guide as the upstream light and dark themes do', () => {
    const blocks = guideCode();
    expect(blocks.length).toBeGreaterThan(50);
    let tokens = 0;
    const differences: string[] = [];
    for (const { where, language, code } of blocks) {
      const grammar = Prism.languages[language.toLowerCase()];
      const lines = grammar ? normalizeTokens(Prism.tokenize(code, grammar)) : [[{ types: ['plain'], content: code }]];
      for (const line of lines) {
        for (const token of line) {
          tokens += 1;
          for (const [mode, upstream, palette] of [['light', themes.vsLight, light], ['dark', themes.vsDark, dark]] as const) {
            const expected = upstreamTokenStyle(upstream, token.types, language);
            const actual = paletteTokenStyle(theme, palette, token.types, language);
            if (JSON.stringify(actual) !== JSON.stringify(expected)) {
              differences.push(`${where} ${mode} ${token.types.join('.')} "${token.content}": ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
            }
          }
        }
      }
    }
    expect(tokens).toBeGreaterThan(10_000);
    // A difference here means a page now shows a token whose outer type is styled and whose inner
    // type only the other mode styles (JSX/HTML attribute values, CSS selectors): see the note in
    // src/prism/css-variable-theme.ts.
    expect([...new Set(differences.map((d) => d.replace(/^\S+ /, '')))].slice(0, 10)).toEqual([]);
  });

  it('knows its limit: an inner type only one mode styles takes the line colour in the other', () => {
    // TSX `className="x"`: types tag → attr-value. vsLight styles tag only; vsDark both.
    const types = ['tag', 'attr-value'];
    expect(paletteTokenStyle(theme, dark, types, 'tsx')).toEqual(upstreamTokenStyle(themes.vsDark, types, 'tsx'));
    expect(upstreamTokenStyle(themes.vsLight, types, 'tsx').color).toBe('rgb(128, 0, 0)');
    expect(paletteTokenStyle(theme, light, types, 'tsx').color).toBe(themes.vsLight.plain.color);
  });

  it('honours styles limited to one language (markup tags differ in the dark theme)', () => {
    const markupTag = upstreamTokenStyle(themes.vsDark, ['tag'], 'markup');
    const otherTag = upstreamTokenStyle(themes.vsDark, ['tag'], 'typescript');
    expect(markupTag).not.toEqual(otherTag);
    expect(paletteTokenStyle(theme, dark, ['tag'], 'markup')).toEqual(markupTag);
    expect(paletteTokenStyle(theme, dark, ['tag'], 'typescript')).toEqual(otherTag);
  });
});
