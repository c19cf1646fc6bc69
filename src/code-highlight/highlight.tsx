/**
 * What the site's bundles get for `prism-react-renderer` (the alias is set in
 * src/plugins/build-time-highlight): a `Highlight` that renders the tokens
 * the page carries, computed at build time by remark-highlight.ts, so that
 * neither the browser nor the server render runs Prism and no page loads it.
 *
 * The theme's CodeBlock is unchanged: its Content calls `Highlight` with the
 * block's code, language and Prism theme and renders the lines it is given.
 * Lines and class names are what prism-react-renderer 2 gives for the same
 * tokens, and so are the styles, except that a value that is one of the site
 * theme's colour variables is set by a class (asClasses) rather than inline
 * (test/unit/code-highlight.test.ts renders both and compares).
 * The tokens reach `Highlight` through BuildHighlight, which the site's
 * CodeBlock (src/theme/CodeBlock) provides from the block's `data-highlight`.
 * A block without them, a CodeBlock a component renders from a string, shows
 * its text unhighlighted.
 */
import { createContext, useContext, useMemo, type CSSProperties, type ReactNode } from 'react';
import clsx from 'clsx';
import type { PrismTheme } from 'prism-react-renderer';
import { resolveStyle, variableClass } from '../prism/css-variable-theme';
import { decodeLines, HighlightMismatchError, plainLines, type Token } from './encoding';

/** The encoded tokens of the code block being rendered, if the page carries them. */
export const BuildHighlight = createContext<string | undefined>(undefined);

type StyleDict = Record<string, CSSProperties | undefined>;

/** A theme's styles by token type for one language, later entries winning, as prism-react-renderer merges them. */
export function styleDictionary(theme: PrismTheme, language: string): StyleDict {
  const dict: StyleDict = {};
  for (const type of new Set(theme.styles.flatMap((entry) => entry.types))) {
    const style = resolveStyle(theme, type, language);
    if (Object.keys(style).length) dict[type] = style as CSSProperties;
  }
  dict.root = theme.plain as CSSProperties;
  dict.plain = { ...(theme.plain as CSSProperties), backgroundColor: undefined };
  return dict;
}

function tokenStyle(dict: StyleDict, token: Token): CSSProperties | undefined {
  const { types, empty } = token;
  if (types.length === 1 && types[0] === 'plain') return empty ? { display: 'inline-block' } : undefined;
  if (types.length === 1 && empty) return dict[types[0]!];
  return Object.assign(empty ? { display: 'inline-block' } : {}, ...types.map((type) => dict[type]));
}

/**
 * A style as classes where its values are the site theme's variables (one class per property,
 * src/prism/css-variable-theme.ts), the rest inline: the same look as prism-react-renderer's inline
 * style, in a third less HTML.
 */
function asClasses(style: CSSProperties | undefined): { classes: string[]; style: CSSProperties | undefined } {
  if (!style) return { classes: [], style };
  const classes: string[] = [];
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(style)) {
    if (value === undefined) continue;
    const name = variableClass(value);
    if (name) classes.push(name);
    else rest[key] = value;
  }
  return { classes, style: Object.keys(rest).length ? (rest as CSSProperties) : undefined };
}

interface LinePropsInput {
  className?: string;
  style?: CSSProperties;
  line?: Token[];
  [key: string]: unknown;
}

interface TokenPropsInput {
  token: Token;
  className?: string;
  style?: CSSProperties;
  [key: string]: unknown;
}

export interface HighlightProps {
  code: string;
  language: string;
  theme: PrismTheme;
  prism?: unknown;
  children: (render: {
    tokens: Token[][];
    className: string;
    style: CSSProperties;
    getLineProps: (input: LinePropsInput) => Record<string, unknown>;
    getTokenProps: (input: TokenPropsInput) => Record<string, unknown>;
  }) => ReactNode;
}

export function Highlight({ code, language: languageProp, theme, children }: HighlightProps): ReactNode {
  const encoded = useContext(BuildHighlight);
  const language = languageProp.toLowerCase();
  const tokens = useMemo(() => {
    if (encoded === undefined) return plainLines(code);
    try {
      return decodeLines(code, encoded);
    } catch (error) {
      if (error instanceof HighlightMismatchError) {
        throw new Error(`code block "${code.split('\n')[0]!.slice(0, 60)}" (${language}): its build-time highlighting does not match its code: ${error.message}`);
      }
      throw error;
    }
  }, [code, encoded, language]);
  const dict = useMemo(() => styleDictionary(theme, language), [theme, language]);
  return children({
    tokens,
    className: `prism-code language-${language}`,
    style: dict.root ?? {},
    getLineProps: ({ className, style, line: _line, ...rest }) => {
      const own = asClasses(style ? { ...dict.plain, ...style } : dict.plain);
      return { ...rest, className: clsx('token-line', className, own.classes), style: own.style };
    },
    getTokenProps: ({ token, className, style, ...rest }) => {
      const own = asClasses(style ? { ...tokenStyle(dict, token), ...style } : tokenStyle(dict, token));
      return { ...rest, className: clsx('token', ...token.types, className, own.classes), children: token.content, style: own.style };
    },
  });
}

/**
 * Stand-in for prism-react-renderer's Prism instance. The theme's client module
 * hands it to prism-include-languages, which this site swizzles to do nothing in
 * the browser (src/theme/prism-include-languages.ts): languages are registered
 * at build time (prism-tokenize.ts).
 */
export const Prism = { languages: {} as Record<string, unknown>, hooks: { add() {}, run() {} } };
