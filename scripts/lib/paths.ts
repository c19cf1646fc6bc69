/** Where the pipeline reads and writes, relative to the repository root. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const paths = {
  root,
  docs: path.join(root, 'docs'),
  diagrams: path.join(root, 'diagrams'),
  diagramsOut: path.join(root, '.generated', 'static', 'diagrams'),
  diagramCache: path.join(root, 'node_modules', '.cache', 'guide-diagrams'),
  synthOut: path.join(root, 'cdktf.out'),
  generated: path.join(root, 'generated'),
  build: path.join(root, 'build'),
};
