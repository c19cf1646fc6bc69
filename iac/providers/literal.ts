/**
 * Text as Terraform reads it. Terraform's JSON syntax evaluates `${…}` and
 * `%{…}` in every string, object keys included, so a value that came from
 * the config (an IdP group named `${file("/etc/passwd")}`, a display name
 * with `%{if}`) must be escaped (`$${`, `%%{`) or Terraform runs it. cdktn
 * writes plain strings as they are; the guide's own bindings (kubernetes,
 * helm, coderd, http) pass every attribute through `literal`, which escapes
 * the text and leaves cdktn's tokens (references to other resources) alone.
 * The AWS provider's bindings receive only config values whose own rules
 * exclude `$`, `%` and `{` (names, hosts, tags: see iac/config/schema.ts).
 */
import { Token } from 'cdktn';

/** cdktn's string token marker, as Token.asString writes it. */
const TOKEN = /(\$\{TfToken\[[^\]]+\]\})/;

/** Escapes Terraform's template sequences in plain text: `${` → `$${`, `%{` → `%%{`. */
export function escapeTemplate(text: string): string {
  // Replacer functions: in a replacement string `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * A string whose literal parts are escaped and whose tokens stay references.
 * A `$` or `%` right before a token would join it into an escape (`$${ref}`),
 * so it is written as an expression of its own (`${"$"}`).
 */
export function literalText(text: string): string {
  if (!Token.isUnresolved(text)) return escapeTemplate(text);
  const parts = text.split(TOKEN);
  if (parts.length === 1) throw new Error(`literalText: an unresolved value in a form this helper does not know: ${JSON.stringify(text.slice(0, 80))}`);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return part;
      const escaped = escapeTemplate(part);
      const beforeToken = i < parts.length - 1;
      const last = escaped.at(-1);
      return beforeToken && (last === '$' || last === '%') ? `${escaped.slice(0, -1)}\${"${last}"}` : escaped;
    })
    .join('');
}

/** `literal` applied through arrays and plain objects (keys too); other values unchanged. */
export function literal<T>(value: T): T {
  if (typeof value === 'string') return literalText(value) as T;
  if (Array.isArray(value)) return value.map((v) => literal(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [literalText(k), literal(v)])) as T;
  }
  return value;
}
