/**
 * A string of Terraform's JSON syntax, read as Terraform reads it: a
 * template in which `$${` and `%%{` are escapes for `${` and `%{`, and an
 * unescaped `${…}` or `%{…}` is an expression Terraform evaluates. The tests
 * hold this reader to the real `terraform console` (test/properties/
 * terraform-text.test.ts), then use it to read whole synthesized stacks.
 */
export interface ReadTemplate {
  /** The text Terraform produces, with each expression kept as written (`${…}`). */
  text: string;
  /** The expressions Terraform would evaluate: `${…}` and `%{…}` sequences, as written. */
  expressions: string[];
}

export class TemplateSyntaxError extends Error {}

/** The end (exclusive) of the expression that opens at `start` (at `${` or `%{`): braces balanced, quoted strings skipped. */
function expressionEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  throw new TemplateSyntaxError(`unterminated template sequence at ${start}: ${JSON.stringify(s.slice(start, start + 40))}`);
}

export function readTemplate(s: string): ReadTemplate {
  let text = '';
  const expressions: string[] = [];
  for (let i = 0; i < s.length; ) {
    if ((s.startsWith('$${', i) || s.startsWith('%%{', i))) {
      text += `${s[i]}{`;
      i += 3;
    } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      const end = expressionEnd(s, i);
      const expression = s.slice(i, end);
      // A quoted literal alone (`${"$"}`) is text, as Terraform evaluates it.
      const quoted = /^\$\{"((?:[^"\\]|\\.)*)"\}$/.exec(expression);
      if (quoted) text += JSON.parse(`"${quoted[1]}"`) as string;
      else {
        expressions.push(expression);
        text += expression;
      }
      i = end;
    } else {
      text += s[i];
      i++;
    }
  }
  return { text, expressions };
}
