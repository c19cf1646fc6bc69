/**
 * Docusaurus plugin: the site's bundles (browser and server render) get
 * src/code-highlight/highlight.tsx for `prism-react-renderer`, whose Highlight
 * renders the tokens remark-highlight computed at build time. Prism (about 75
 * KB with its grammars) leaves every page's JavaScript; the config, which
 * reads the themes, runs in Node and keeps the real package.
 */
import path from 'node:path';
import type { LoadContext, Plugin, PluginModule } from '@docusaurus/types';

export interface BuildTimeHighlightOptions {
  rootDir: string;
}

function buildTimeHighlight(_context: LoadContext, options: BuildTimeHighlightOptions): Plugin {
  return {
    name: 'build-time-highlight',
    configureWebpack() {
      return { resolve: { alias: { 'prism-react-renderer$': path.join(options.rootDir, 'src/code-highlight/highlight.tsx') } } };
    },
  };
}

export default buildTimeHighlight as PluginModule<BuildTimeHighlightOptions> as PluginModule;
