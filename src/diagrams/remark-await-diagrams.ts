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
import fs from 'node:fs';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';

import { DIAGRAMS_READY } from './ready-marker';

export { DIAGRAMS_READY };

const POLL_MS = 50;
const waits = new Map<string, Promise<void>>();

/** Resolves once `marker` exists and says ok; rejects when it says the stage failed, or after `timeoutMs`. */
export function diagramsReady(marker: string, timeoutMs = 600_000): Promise<void> {
  let wait = waits.get(marker);
  if (!wait) {
    wait = new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        let text: string | undefined;
        try {
          text = fs.readFileSync(marker, 'utf8');
        } catch {
          text = undefined;
        }
        if (text === DIAGRAMS_READY) return resolve();
        if (text !== undefined && text.startsWith('failed')) return reject(new Error(`the diagrams stage ${text}`));
        if (Date.now() - started > timeoutMs) return reject(new Error(`the diagrams were not rendered within ${Math.round(timeoutMs / 1000)} s (no ${marker}); run npm run diagrams, then build again`));
        setTimeout(check, POLL_MS);
      };
      check();
    });
    waits.set(marker, wait);
  }
  return wait;
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
    const marker = options.marker ?? process.env.GUIDE_DIAGRAMS_READY;
    if (!marker || !showsDiagram(tree)) return;
    await diagramsReady(marker, options.timeoutMs);
  };
}
