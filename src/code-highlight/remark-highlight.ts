/**
 * remark plugin: highlights every fenced code block at build time and hands
 * the tokens to the page (the `data-highlight` property of its `<code>`), so
 * the browser renders them without Prism (src/code-highlight/highlight.tsx).
 * Runs last among the site's plugins, after the code imports have filled the
 * blocks in.
 *
 * Docusaurus's CodeBlock highlights the block's text minus one final newline,
 * which is exactly a fence's value. Magic comments (`highlight-next-line` and
 * the like) would make the theme drop lines before highlighting; the guide uses
 * none, so a block with one fails the build, naming the page and line, rather
 * than being highlighted wrong. Metastring line ranges (`{1,3}`) work.
 */
import { visit } from 'unist-util-visit';
import type { Code, Root } from 'mdast';
import type { VFile } from 'vfile';
import { encodedHighlight } from './prism-tokenize';
import { pagePath, SITE_ROOT } from '../site/root-dir';

export interface HighlightOptions {
  /** Where pages' paths are reported from (default: this repository). */
  rootDir?: string;
}

/** The theme's default magic comments (themeConfig.prism.magicComments is not set by this site). */
const MAGIC_COMMENTS = ['highlight-next-line', 'highlight-start', 'highlight-end'];

export class HighlightBuildError extends Error {}

export default function remarkHighlight(options: HighlightOptions = {}) {
  const rootDir = options.rootDir ?? SITE_ROOT;
  return (tree: Root, file: VFile) => {
    visit(tree, 'code', (node: Code) => {
      if (!node.value) return;
      const magic = MAGIC_COMMENTS.find((word) => node.value.includes(word));
      if (magic) {
        throw new HighlightBuildError(
          `${pagePath(file.path, rootDir)}:${node.position?.start.line ?? 0}: the block contains the magic comment "${magic}", which build-time highlighting does not support (src/code-highlight/remark-highlight.ts); mark lines with a metastring range such as {2,4} instead`,
        );
      }
      const language = (node.lang ?? 'text').toLowerCase();
      node.data ??= {};
      node.data.hProperties = { ...node.data.hProperties, dataHighlight: encodedHighlight(node.value, language) };
    });
  };
}
