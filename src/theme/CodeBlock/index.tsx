import { Children, isValidElement, type ReactNode } from 'react';
import type { Props } from '@theme/CodeBlock';
import ElementContent from '@theme/CodeBlock/Content/Element';
import StringContent from '@theme/CodeBlock/Content/String';
import { BuildHighlight } from '../../code-highlight/highlight';

/** The block's text when it is only text (so it can be highlighted and copied), else undefined. */
function textOf(children: ReactNode): string | undefined {
  const parts = Children.toArray(children);
  if (parts.some((part) => isValidElement(part))) return undefined;
  return parts.join('');
}

/**
 * The theme's CodeBlock without its re-mount after hydration. Upstream keys
 * the block on "are we in the browser yet" so that dark mode repaints the
 * token colours the server rendered in light; this site's Prism theme keeps
 * its colours in CSS variables (src/prism/css-variable-theme.ts), so the
 * server's markup is already right in both modes and the block hydrates once.
 *
 * It also hands the block's build-time highlighting (`data-highlight`, from
 * src/code-highlight/remark-highlight.ts) to the Highlight that renders it.
 */
export default function CodeBlock({ children, ...allProps }: Props): ReactNode {
  const { 'data-highlight': highlight, ...props } = allProps as Props & { 'data-highlight'?: string };
  const text = textOf(children);
  if (text === undefined) return <ElementContent {...props}>{children}</ElementContent>;
  return (
    <BuildHighlight.Provider value={highlight}>
      <StringContent {...props}>{text}</StringContent>
    </BuildHighlight.Provider>
  );
}
