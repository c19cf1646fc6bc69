/**
 * Finds every fenced code block of a Markdown/MDX page with its position,
 * using the same parser family Docusaurus uses (remark + remark-mdx).
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import { visit } from 'unist-util-visit';
import type { Code, Root } from 'mdast';

export interface Fence {
  lang: string | null;
  meta: string | null;
  value: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export function scanFences(source: string, format: 'md' | 'mdx' = 'mdx'): Fence[] {
  const processor = format === 'mdx' ? unified().use(remarkParse).use(remarkMdx) : unified().use(remarkParse);
  const tree = processor.parse(source) as Root;
  const fences: Fence[] = [];
  visit(tree, 'code', (node: Code) => {
    fences.push({ lang: node.lang ?? null, meta: node.meta ?? null, value: node.value, line: node.position?.start.line ?? 0 });
  });
  return fences;
}
