import { Children, isValidElement, type ReactNode } from 'react';
import type { Props } from '@theme/CodeBlock';
import ElementContent from '@theme/CodeBlock/Content/Element';
import StringContent from '@theme/CodeBlock/Content/String';

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
 */
export default function CodeBlock({ children, ...props }: Props): ReactNode {
  const text = textOf(children);
  return text === undefined ? <ElementContent {...props}>{children}</ElementContent> : <StringContent {...props}>{text}</StringContent>;
}
