/**
 * One Prism theme for both colour modes, its colours held in CSS custom
 * properties that the light and the dark palette fill in.
 *
 * Why: Docusaurus renders code on the server in the light theme and, to repaint
 * it for dark mode, re-mounts every code block after hydration. On a page with
 * a long block that second render is most of the time the page is blocked
 * (Lighthouse's total blocking time). With colours as CSS variables the server
 * output is right in either mode, so the site's CodeBlock (src/theme/CodeBlock)
 * skips the re-mount, and switching modes is a style change, not a render.
 *
 * One limit: a token has several types, merged in order (`tag` then
 * `attr-value` for a JSX attribute value). Where the inner type is styled in
 * one mode only, the other mode's variable can only say `inherit`, which shows
 * the line colour where upstream keeps the outer type's. vsLight leaves
 * attr-value, selector, prolog and the template/interpolation punctuation
 * unstyled; no page of the guide shows such a token today, and
 * test/unit/prism-theme.test.ts fails, naming the block, the day one does.
 */
import type { PrismTheme } from 'prism-react-renderer';

type TokenStyle = PrismTheme['styles'][number]['style'];
type StyleKey = keyof TokenStyle;

/** A token type, optionally only for one language (themes may style `tag` differently in markup). */
interface Slot {
  type: string;
  language?: string;
}

const VARIABLE_PREFIX = '--guide-prism-';
const CLASS_PREFIX = 'gp-';
/** The class that sets a property to a variable: `--guide-prism-X` → `gp-X`. */
const classOf = (variable: string) => `${CLASS_PREFIX}${variable.slice(VARIABLE_PREFIX.length)}`;
const slotId = (slot: Slot) => (slot.language ? `${slot.language}-${slot.type}` : slot.type);
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const variableName = (slot: Slot | 'plain', key: string) =>
  `${VARIABLE_PREFIX}${slot === 'plain' ? 'plain' : slotId(slot)}-${kebab(key)}`.replace(/[^a-zA-Z0-9_-]/g, '_');

/**
 * The style a theme gives a token type, as prism-react-renderer resolves it:
 * every entry naming the type, in order, later ones winning; entries limited
 * to languages count only for those languages.
 */
export function resolveStyle(theme: PrismTheme, type: string, language?: string): TokenStyle {
  let style: TokenStyle = {};
  for (const entry of theme.styles) {
    if (!entry.types.includes(type)) continue;
    if (entry.languages && (!language || !entry.languages.includes(language as never))) continue;
    style = { ...style, ...entry.style };
  }
  return style;
}

function slotsOf(...themes: PrismTheme[]): Slot[] {
  const generic = new Set<string>();
  const specific = new Map<string, Slot>();
  for (const theme of themes) {
    for (const entry of theme.styles) {
      for (const type of entry.types) {
        if (entry.languages) for (const language of entry.languages) specific.set(`${language}\0${type}`, { type, language });
        else generic.add(type);
      }
    }
  }
  const sortedSpecific = [...specific.values()].sort((a, b) => slotId(a).localeCompare(slotId(b)));
  return [...[...generic].sort().map((type) => ({ type })), ...sortedSpecific];
}

function declarations(theme: PrismTheme, slots: Slot[], keysBySlot: Map<string, StyleKey[]>): string[] {
  const lines = [
    `${variableName('plain', 'color')}: ${theme.plain.color ?? 'inherit'};`,
    `${variableName('plain', 'backgroundColor')}: ${theme.plain.backgroundColor ?? 'transparent'};`,
  ];
  for (const slot of slots) {
    const style = resolveStyle(theme, slot.type, slot.language);
    for (const key of keysBySlot.get(slotId(slot))!) {
      // A type this theme leaves unstyled looks like the text around it.
      lines.push(`${variableName(slot, key)}: ${String(style[key] ?? 'inherit')};`);
    }
  }
  return lines;
}

/**
 * The class that sets a style property to one of this theme's variables: `var(--guide-prism-X)`
 * becomes `gp-X`, whose rule (in the palettes' CSS) sets the property that variable is for. Code
 * blocks use these classes rather than an inline style on every token (a third of the HTML).
 */
export function variableClass(value: unknown): string | undefined {
  const m = typeof value === 'string' ? /^var\((--[\w-]+)\)$/.exec(value) : null;
  return m && m[1]!.startsWith(VARIABLE_PREFIX) ? classOf(m[1]!) : undefined;
}

export interface CssVariableTheme {
  /** Give this as both `prism.theme` and `prism.darkTheme`. */
  theme: PrismTheme;
  /** The two palettes, keyed on Docusaurus's `data-theme` attribute. */
  css: string;
}

export function cssVariableTheme(light: PrismTheme, dark: PrismTheme): CssVariableTheme {
  const slots = slotsOf(light, dark);
  const keysBySlot = new Map<string, StyleKey[]>();
  for (const slot of slots) {
    const keys = new Set<StyleKey>();
    for (const theme of [light, dark]) for (const key of Object.keys(resolveStyle(theme, slot.type, slot.language)) as StyleKey[]) keys.add(key);
    keysBySlot.set(slotId(slot), [...keys].sort());
  }
  const theme: PrismTheme = {
    plain: { color: `var(${variableName('plain', 'color')})`, backgroundColor: `var(${variableName('plain', 'backgroundColor')})` },
    styles: slots.map((slot) => ({
      types: [slot.type],
      ...(slot.language ? { languages: [slot.language as never] } : {}),
      style: Object.fromEntries(keysBySlot.get(slotId(slot))!.map((key) => [key, `var(${variableName(slot, key)})`])) as TokenStyle,
    })),
  };
  const block = (selector: string, t: PrismTheme) => `${selector} {\n${declarations(t, slots, keysBySlot).map((l) => `  ${l}`).join('\n')}\n}`;
  // One class per variable, setting the property it is for (variableClass).
  const variables: Array<[string, string]> = [[variableName('plain', 'color'), 'color'], ...slots.flatMap((slot) => keysBySlot.get(slotId(slot))!.map((key): [string, string] => [variableName(slot, key), kebab(key)]))];
  const classes = variables.map(([name, property]) => `.${classOf(name)} { ${property}: var(${name}); }`);
  const css = `${block(":root, [data-theme='light']", light)}\n${block("[data-theme='dark']", dark)}\n${classes.join('\n')}\n`;
  return { theme, css };
}
