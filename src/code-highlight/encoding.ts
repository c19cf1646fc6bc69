/**
 * A code block's highlighting as a short string, so that pages carry their
 * tokens and the browser needs no highlighter (src/code-highlight/README.md).
 *
 * The lines are prism-react-renderer's normalized tokens: one array per line,
 * each token with its types and text, a line with no text holding one token
 * whose text is "\n" and which is marked `empty`. The text itself is not
 * stored: the block's code is in the page already, so a token is its types
 * (an index into the block's list of distinct type lists) and its length.
 *
 *   <type list>|<type list>|…;<line>/<line>/…
 *
 * A type list is its types joined by "+"; a line is its tokens, each written
 * as its index in letters (a–z, A–Z: 0–51, then two letters) followed by its
 * length in decimal. A line that is one token of length 0 is an empty line.
 * Only these characters appear, so the string needs no escaping in a page's
 * JavaScript or HTML.
 */

export interface Token {
  types: string[];
  content: string;
  empty?: boolean;
}

export class HighlightMismatchError extends Error {}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function indexToLetters(index: number): string {
  let out = '';
  let n = index;
  do {
    out = LETTERS[n % LETTERS.length] + out;
    n = Math.floor(n / LETTERS.length) - 1;
  } while (n >= 0);
  return out;
}

function lettersToIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * LETTERS.length + LETTERS.indexOf(ch) + 1;
  return n - 1;
}

/** Encodes normalized lines; their texts joined by "\n" must be the block's code. */
export function encodeLines(lines: Token[][]): string {
  const lists: string[] = [];
  const indexOf = new Map<string, number>();
  const encoded = lines.map((line) =>
    line
      .map((token) => {
        for (const type of token.types) {
          if (!/^[\w-]+$/.test(type)) throw new Error(`encodeLines: token type "${type}" cannot be encoded`);
        }
        const key = token.types.join('+');
        let index = indexOf.get(key);
        if (index === undefined) {
          index = lists.length;
          lists.push(key);
          indexOf.set(key, index);
        }
        return `${indexToLetters(index)}${token.empty ? 0 : token.content.length}`;
      })
      .join(''),
  );
  return `${lists.join('|')};${encoded.join('/')}`;
}

/**
 * The lines of `code` as `encoded` describes them. Throws HighlightMismatchError when
 * they do not describe this code (another version of the block, a changed encoding).
 */
export function decodeLines(code: string, encoded: string): Token[][] {
  const separator = encoded.indexOf(';');
  if (separator < 0) throw new HighlightMismatchError('the highlighting has no type lists');
  const lists = encoded.slice(0, separator).split('|').map((list) => list.split('+'));
  const codeLines = code.split(/\r\n|\r|\n/);
  const encodedLines = encoded.slice(separator + 1).split('/');
  if (encodedLines.length !== codeLines.length) {
    throw new HighlightMismatchError(`the highlighting has ${encodedLines.length} line(s), the code ${codeLines.length}`);
  }
  return encodedLines.map((line, i) => {
    const text = codeLines[i]!;
    const tokens: Token[] = [];
    let at = 0;
    let rest = line;
    while (rest.length) {
      const m = /^([a-zA-Z]+)(\d+)/.exec(rest);
      const types = m ? lists[lettersToIndex(m[1]!)] : undefined;
      if (!m || !types) throw new HighlightMismatchError(`line ${i + 1}: cannot read the highlighting at "${rest.slice(0, 12)}"`);
      const length = Number(m[2]);
      tokens.push({ types, content: text.slice(at, at + length) });
      at += length;
      rest = rest.slice(m[0].length);
    }
    if (at !== text.length) throw new HighlightMismatchError(`line ${i + 1}: the highlighting covers ${at} character(s), the line has ${text.length}`);
    if (tokens.length === 0) return [{ types: ['plain'], content: '\n', empty: true }];
    if (tokens.length === 1 && tokens[0]!.content === '') return [{ ...tokens[0]!, content: '\n', empty: true }];
    return tokens;
  });
}

/** Unhighlighted lines, as prism-react-renderer gives them for a language it has no grammar for. */
export function plainLines(code: string): Token[][] {
  return code.split(/\r\n|\r|\n/).map((text) => (text === '' ? [{ types: ['plain'], content: '\n', empty: true }] : [{ types: ['plain'], content: text }]));
}
