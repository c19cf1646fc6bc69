/**
 * Highlights code at build time with the Prism that Docusaurus's CodeBlock
 * would run in the browser: prism-react-renderer's instance, with the site's
 * `additionalLanguages` registered the way the theme registers them (each
 * prismjs component loaded against a global Prism), and its normalized lines.
 */
import { createRequire } from 'node:module';
import { encodeLines, type Token } from './encoding';
import { ADDITIONAL_LANGUAGES } from './languages';

const require = createRequire(import.meta.url);
const registered = new Set<string>();

type PrismReactRenderer = typeof import('prism-react-renderer');
let loaded: PrismReactRenderer | undefined;
/** Loaded on first use: synthesis imports the generated-artifact code that calls this, and need not pay for it. */
function prismReactRenderer(): PrismReactRenderer {
  loaded ??= require('prism-react-renderer') as PrismReactRenderer;
  return loaded;
}

/** Registers prismjs components on prism-react-renderer's Prism, once each. */
export function registerLanguages(languages: readonly string[]): void {
  const { Prism } = prismReactRenderer();
  const missing = languages.filter((language) => !registered.has(language));
  if (!missing.length) return;
  const global = globalThis as { Prism?: unknown };
  const before = global.Prism;
  global.Prism = Prism;
  try {
    for (const language of missing) {
      if (language === 'php') require('prismjs/components/prism-markup-templating.js');
      try {
        require(`prismjs/components/prism-${language}`);
      } catch {
        throw new Error(`themeConfig.prism.additionalLanguages: Prism has no language "${language}" (no prismjs/components/prism-${language}.js); use a name from https://prismjs.com/#supported-languages`);
      }
      registered.add(language);
    }
  } finally {
    if (before === undefined) delete global.Prism;
    else global.Prism = before;
  }
}

/** The normalized lines of `code` in `language`, as prism-react-renderer's Highlight computes them. */
export function highlightLines(code: string, language: string): Token[][] {
  const { normalizeTokens, Prism } = prismReactRenderer();
  const grammar = Prism.languages[language.toLowerCase()];
  if (!grammar) return normalizeTokens([code]) as Token[][];
  const env = { code, grammar, language: language.toLowerCase(), tokens: [] as ReturnType<typeof Prism.tokenize> };
  Prism.hooks.run('before-tokenize', env);
  env.tokens = Prism.tokenize(env.code, env.grammar);
  Prism.hooks.run('after-tokenize', env);
  return normalizeTokens(env.tokens) as Token[][];
}

/** `code` highlighted with the site's languages and encoded for a page (encoding.ts). */
export function encodedHighlight(code: string, language: string): string {
  registerLanguages(ADDITIONAL_LANGUAGES);
  return encodeLines(highlightLines(code, language));
}
