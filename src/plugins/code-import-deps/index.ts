/**
 * Docusaurus plugin: registers the code-import pre-loader for docs pages.
 *
 * Why: Docusaurus' persistent bundler cache keys a page on the page file
 * alone. A page that imports `iac/stacks/state-stack.ts#region` would keep
 * showing the old code after the region changed. The loader tells the
 * bundler about those files, so a change to them rebuilds the page.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import type { LoadContext, Plugin, PluginModule } from '@docusaurus/types';

const require = createRequire(import.meta.url);

export interface CodeImportDepsOptions {
  /** What `<rootDir>` stands for (default: the site's directory). */
  rootDir?: string;
  /** Directories whose Markdown/MDX pages may import code. */
  include: string[];
}

function codeImportDeps(context: LoadContext, options: CodeImportDepsOptions): Plugin {
  const rootDir = options.rootDir ?? context.siteDir;
  return {
    name: 'code-import-deps',
    configureWebpack() {
      return {
        module: {
          rules: [
            {
              test: /\.mdx?$/i,
              include: options.include.map((dir) => path.resolve(rootDir, dir)),
              enforce: 'pre' as const,
              use: [{ loader: require.resolve('./loader.cjs'), options: { rootDir } }],
            },
          ],
        },
      };
    },
  };
}

export default codeImportDeps as PluginModule<CodeImportDepsOptions> as PluginModule;
