/**
 * Build-time highlighting (src/code-highlight): the tokens a page carries,
 * rendered by the site's stand-in Highlight, give the same markup as
 * prism-react-renderer's real Highlight running Prism on the same code, for
 * every code block the guide shows and for arbitrary code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Code, Root } from 'mdast';
import { VFile } from 'vfile';
import { Highlight as UpstreamHighlight, Prism, themes, type PrismTheme } from 'prism-react-renderer';
import { decodeLines, encodeLines, HighlightMismatchError, plainLines } from '../../src/code-highlight/encoding.js';
import * as standIn from '../../src/code-highlight/highlight.js';
import { BuildHighlight, Highlight } from '../../src/code-highlight/highlight.js';
import { encodedHighlight, highlightLines } from '../../src/code-highlight/prism-tokenize.js';
import remarkHighlight, { HighlightBuildError } from '../../src/code-highlight/remark-highlight.js';
import { ADDITIONAL_LANGUAGES } from '../../src/code-highlight/languages.js';
import { cssVariableTheme } from '../../src/prism/css-variable-theme.js';
import { guideCode } from '../helpers/guide-code.js';
import { repoRoot } from '../helpers/repo.js';

/** What the theme's CodeBlock Content and Line do with Highlight's render props. */
type RenderProps = Parameters<HighlightPropsChildren>[0];
type HighlightPropsChildren = Parameters<typeof Highlight>[0]['children'];
const renderBlock = ({ tokens, className, style, getLineProps, getTokenProps }: RenderProps): ReactNode =>
  createElement(
    'pre',
    { className, style },
    createElement(
      'code',
      null,
      tokens.map((line, i) =>
        createElement(
          'div',
          { key: i, ...getLineProps({ line, className: i === 1 ? 'highlighted' : undefined }) },
          line.map((token, j) => createElement('span', { key: j, ...getTokenProps({ token }) })),
        ),
      ),
    ),
  );

const upstream = (code: string, language: string, theme: PrismTheme) =>
  renderToStaticMarkup(createElement(UpstreamHighlight, { prism: Prism, code, language, theme, children: renderBlock as never }));
const ours = (code: string, language: string, theme: PrismTheme, encoded: string | undefined) =>
  renderToStaticMarkup(createElement(BuildHighlight.Provider, { value: encoded }, createElement(Highlight, { code, language, theme, children: renderBlock })));

const site = cssVariableTheme(themes.vsLight, themes.vsDark);
const siteTheme = site.theme;

/** The site CSS's one-property classes (`.gp-X { color: var(--…); }`). */
const classRules = new Map([...site.css.matchAll(/^\.(gp-[\w-]+) \{ ([\w-]+): ([^;]+); \}$/gm)].map((m) => [m[1]!, [m[2]!, m[3]!] as const]));

/**
 * Markup with each element's style as the browser would apply it: its inline style plus what its
 * gp- classes set, as one sorted inline style; the gp- classes themselves left out.
 */
function effective(markup: string): string {
  return markup.replace(/<(\w+)((?: [\w-]+="[^"]*")*)>/g, (_, tag: string, attributes: string) => {
    const attrs = new Map([...attributes.matchAll(/ ([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const style = new Map<string, string>();
    for (const declaration of (attrs.get('style') ?? '').split(';').filter(Boolean)) {
      const at = declaration.indexOf(':');
      style.set(declaration.slice(0, at), declaration.slice(at + 1));
    }
    const classes = (attrs.get('class') ?? '').split(' ').filter(Boolean);
    for (const name of classes.filter((c) => c.startsWith('gp-'))) {
      const rule = classRules.get(name);
      if (!rule) return `<${tag} UNKNOWN-CLASS="${name}">`;
      if (style.has(rule[0])) return `<${tag} TWICE="${rule[0]}">`;
      style.set(rule[0], rule[1]);
    }
    attrs.delete('style');
    const kept = classes.filter((c) => !c.startsWith('gp-'));
    if (kept.length) attrs.set('class', kept.join(' '));
    else attrs.delete('class');
    if (style.size) attrs.set('style', [...style].sort().map(([k, v]) => `${k}:${v}`).join(';'));
    return `<${tag}${[...attrs].map(([k, v]) => ` ${k}="${v}"`).join('')}>`;
  });
}
const LANGUAGES = ['ts', 'tsx', 'bash', 'hcl', 'yaml', 'json', 'docker', 'powershell', 'sql', 'console', 'text', 'TS'];

describe('build-time highlighting', () => {
  it('sets the site theme\'s colours with classes, each class one property, and leaves other values inline', () => {
    const markup = ours('const a = "x";\n\nb', 'ts', siteTheme, encodedHighlight('const a = "x";\n\nb', 'ts'));
    // Lines and tokens carry classes; the block's <pre> keeps its one inline style.
    expect(markup).not.toMatch(/<(span|div)[^>]*var\(--guide-prism-/);
    expect(markup).toContain('class="token keyword gp-keyword-color"');
    expect(markup).toContain('class="token-line gp-plain-color"');
    // An empty line's token keeps its inline display, which is no variable.
    expect(markup).toMatch(/<span class="token plain" style="display:inline-block">/);
    expect(classRules.get('gp-keyword-color')).toEqual(['color', 'var(--guide-prism-keyword-color)']);
    expect(classRules.size).toBeGreaterThan(20);
  });

  it('renders every code block the guide shows as prism-react-renderer does, in the site theme and a plain one', () => {
    const blocks = guideCode();
    expect(blocks.length).toBeGreaterThan(50);
    const languages = new Set<string>();
    for (const { where, language, code } of blocks) {
      // The theme's CodeBlock highlights the block without its final newline; a fence's value is that text.
      const encoded = encodedHighlight(code, language);
      // The site theme's colours come from classes, a theme of plain colours' inline, as upstream.
      expect(effective(ours(code, language, siteTheme, encoded)), where).toBe(effective(upstream(code, language, siteTheme)));
      expect(ours(code, language, themes.vsDark, encoded), where).toBe(upstream(code, language, themes.vsDark));
      languages.add(language);
    }
    // Every additional language is exercised by some page.
    for (const language of ADDITIONAL_LANGUAGES) expect([...languages].some((l) => l.toLowerCase() === language), language).toBe(true);
  });

  it('round-trips and renders arbitrary code in any language the site uses (300 cases)', () => {
    // Pieces that open and close Prism's multi-line tokens (strings, comments, heredocs), keywords, and any text.
    const piece = fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r', ' ', '  ', '"', "'", '`', '${', '}', '#', '//', '/*', '*/', '<<EOF', 'EOF', '$x', '--', '=', ':', '- ', '{', '[', 'resource', 'const', 'echo', 'FROM', '\t', '😀'),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'binary', maxLength: 2 }),
    );
    const text = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(text, fc.constantFrom(...LANGUAGES), (code, language) => {
        const lines = highlightLines(code, language);
        const encoded = encodeLines(lines);
        expect(encoded).toMatch(/^[\w+|-]*;[a-zA-Z0-9/]*$/);
        expect(decodeLines(code, encoded)).toEqual(lines);
        expect(effective(ours(code, language, siteTheme, encoded))).toBe(effective(upstream(code, language, siteTheme)));
        expect(ours(code, language, themes.vsDark, encoded)).toBe(upstream(code, language, themes.vsDark));
      }),
      { numRuns: 300 },
    );
  });

  it('numbers type lists past 52 with more letters', () => {
    const lines = [Array.from({ length: 200 }, (_, i) => ({ types: [`t${i}`], content: 'x' }))];
    const encoded = encodeLines(lines);
    expect(encoded).toContain('ba1');
    expect(decodeLines('x'.repeat(200), encoded)).toEqual(lines);
  });

  it('refuses tokens that do not describe the code, naming the block', () => {
    const code = 'const a = 1;\nconst b = 2;';
    const encoded = encodedHighlight(code, 'ts');
    expect(() => decodeLines(`${code}\n`, encoded)).toThrow(HighlightMismatchError);
    expect(() => decodeLines(code.replace('a = 1', 'apple = 1'), encoded)).toThrow(/line 1: the highlighting covers 12 character\(s\), the line has 16/);
    expect(() => decodeLines(code, 'nonsense')).toThrow(HighlightMismatchError);
    expect(() => ours(code.replace('b', 'bee'), 'ts', siteTheme, encoded)).toThrow(/code block "const a = 1;" \(ts\): its build-time highlighting does not match its code: line 2/);
  });

  it('shows a block without tokens (a component\'s string) unhighlighted, as for a language Prism lacks', () => {
    const code = 'npm run guide -- run\n\nnext';
    expect(effective(ours(code, 'bash', siteTheme, undefined))).toBe(effective(upstream(code, 'no-such-language', siteTheme)).replace('language-no-such-language', 'language-bash'));
    expect(plainLines(code)).toEqual(highlightLines(code, 'no-such-language'));
  });
});

describe('the remark plugin', () => {
  const run = (value: string, lang: string | null, hProperties?: Record<string, unknown>) => {
    const node = { type: 'code', lang, value, ...(hProperties ? { data: { hProperties } } : {}) } as Code;
    const tree: Root = { type: 'root', children: [node] };
    remarkHighlight({ rootDir: repoRoot })(tree, new VFile({ path: `${repoRoot}/docs/page.mdx` }));
    return node;
  };

  it('gives each fence its tokens, keeping the properties it has', () => {
    const node = run('resource "aws_s3_bucket" "state" {}', 'hcl', { metastring: 'title="x"' });
    expect(node.data?.hProperties).toEqual({ metastring: 'title="x"', dataHighlight: encodedHighlight('resource "aws_s3_bucket" "state" {}', 'hcl') });
    expect(decodeLines(node.value, node.data!.hProperties!.dataHighlight as string)[0]!.some((t) => t.types.includes('keyword'))).toBe(true);
    expect(run('plain words', null).data?.hProperties?.dataHighlight).toBe(encodeLines(plainLines('plain words')));
  });

  it('fails the build on a magic comment, naming the page and line', () => {
    const node: Code = { type: 'code', lang: 'ts', value: '// highlight-next-line\nconst a = 1;', position: { start: { line: 12, column: 1 }, end: { line: 15, column: 1 } } };
    const tree: Root = { type: 'root', children: [node] };
    expect(() => remarkHighlight({ rootDir: repoRoot })(tree, new VFile({ path: `${repoRoot}/docs/page.mdx` }))).toThrow(HighlightBuildError);
    expect(() => remarkHighlight({ rootDir: repoRoot })(tree, new VFile({ path: `${repoRoot}/docs/page.mdx` }))).toThrow(/^docs\/page\.mdx:12: the block contains the magic comment "highlight-next-line"/);
  });

  it('names an additional language Prism does not have', async () => {
    const { registerLanguages } = await import('../../src/code-highlight/prism-tokenize.js');
    expect(() => registerLanguages(['no-such-language'])).toThrow(/additionalLanguages: Prism has no language "no-such-language"/);
  });
});

describe('the stand-in for prism-react-renderer in the bundles', () => {
  it('exports every name the theme and the site import from it (a theme upgrade that needs more fails here)', () => {
    const roots = [path.join(repoRoot, 'node_modules/@docusaurus'), path.join(repoRoot, 'node_modules/@easyops-cn'), path.join(repoRoot, 'src')];
    const needed = new Map<string, string>();
    for (const root of roots) {
      for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(m?js|tsx?)$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
        const file = path.join(entry.parentPath, entry.name);
        const inPackage = file.startsWith(path.join(repoRoot, 'node_modules'));
        // A package's own nested dependencies, and the TypeScript sources some packages ship beside lib/.
        if (inPackage && (file.split(`${path.sep}node_modules${path.sep}`).length > 2 || /[\\/]src[\\/]/.test(path.relative(path.join(repoRoot, 'node_modules'), file)))) continue;
        // The site's Docusaurus plugins run in Node, with the real package.
        if (!inPackage && file.startsWith(path.join(repoRoot, 'src', 'plugins'))) continue;
        const text = fs.readFileSync(file, 'utf8');
        if (!text.includes('prism-react-renderer')) continue;
        // Value imports in ES modules: what a bundle resolves through the alias. Type imports and Node's require() do not.
        for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]prism-react-renderer['"]/g)) {
          for (const name of m[1]!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!.trim()).filter(Boolean)) {
            if (!name.startsWith('type ')) needed.set(name, path.relative(repoRoot, file));
          }
        }
      }
    }
    expect([...needed.keys()].sort()).toEqual(expect.arrayContaining(['Highlight', 'Prism']));
    for (const [name, file] of needed) expect(name in standIn, `${name}, imported by ${file}`).toBe(true);
  });
});
