/**
 * Lets the docs build start before the diagrams are rendered. `npm run build`
 * renders the diagrams (Chromium) while `docusaurus build` runs, and names a
 * marker file in GUIDE_DIAGRAMS_READY; a page that shows a diagram
 * (`![…](/diagrams/<name>.svg)`) waits here, before Docusaurus resolves its
 * images, until the diagrams stage has written the marker. The rest of the
 * build (other pages, the bundles) goes on meanwhile. A marker that says the
 * stage failed fails the page with the stage's message. Without the variable
 * (npm start, a plain docusaurus build after npm run diagrams) nothing waits.
 */
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { MARKER_OK, DIAGRAMS_STAGE, stageReady } from '../pipeline/stage-markers';

export { MARKER_OK };

/** Resolves once the diagrams stage's marker says ok (see src/pipeline/stage-markers.ts). */
export function diagramsReady(marker: string, timeoutMs?: number): Promise<void> {
  return stageReady(marker, DIAGRAMS_STAGE, timeoutMs);
}

/** Whether a page shows a rendered diagram. */
function showsDiagram(tree: Root): boolean {
  let found = false;
  visit(tree, 'image', (node) => {
    if (node.url.startsWith('/diagrams/')) found = true;
  });
  return found;
}

export default function remarkAwaitDiagrams(options: { marker?: string; timeoutMs?: number } = {}) {
  return async (tree: Root): Promise<void> => {
    const marker = options.marker ?? process.env[DIAGRAMS_STAGE.env];
    if (!marker || !showsDiagram(tree)) return;
    await diagramsReady(marker, options.timeoutMs);
  };
}
