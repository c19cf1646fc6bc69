/**
 * remark plugin: resolves `region=` imports, checks every `file=` import, and
 * titles imported blocks with their source path. Runs before
 * remark-code-import, which slices line ranges and whole files.
 *
 * A broken import fails the build with the page's path and line, e.g.
 *   docs/index.mdx:42:1: region "eks" not found in iac/stacks/cluster.ts (…)
 */
import path from 'node:path';
import { visit } from 'unist-util-visit';
import type { Code, Root } from 'mdast';
import type { VFile } from 'vfile';
import { parseImportMeta, resolveImport } from './fence.js';
import { pagePath, SITE_ROOT } from '../site/root-dir';

export interface CodeRegionOptions {
  /** Absolute repository root that `<rootDir>` stands for (default: this repository's). */
  rootDir?: string;
}

export class CodeImportBuildError extends Error {}

export default function remarkCodeRegion(options: CodeRegionOptions = {}) {
  const rootDir = options.rootDir ?? SITE_ROOT;
  if (!path.isAbsolute(rootDir)) throw new Error('remarkCodeRegion: rootDir must be an absolute path');

  return (tree: Root, file: VFile) => {
    visit(tree, 'code', (node: Code) => {
      const where = () => `${pagePath(file.path, rootDir)}:${node.position?.start.line ?? 0}:${node.position?.start.column ?? 0}`;
      let spec;
      try {
        spec = parseImportMeta(node.meta);
        if (!spec) return;
        const resolved = resolveImport(spec, file.path, rootDir);
        if (!/(^|\s)title=/.test(node.meta ?? '')) {
          node.meta = `${node.meta} title="${resolved.relPath}"`;
        }
        if (spec.region !== undefined) {
          node.value = resolved.code;
          // Leave nothing for remark-code-import: the region is already resolved.
          node.meta = (node.meta ?? '').split(/\s+/).filter((t) => !t.startsWith('file=') && !t.startsWith('region=')).join(' ');
        }
      } catch (error) {
        throw new CodeImportBuildError(`${where()}: code import: ${(error as Error).message}`);
      }
    });
  };
}
