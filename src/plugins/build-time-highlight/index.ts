/**
 * Docusaurus plugin: the site's bundles (browser and server render) get
 * src/code-highlight/highlight.tsx for `prism-react-renderer`, whose Highlight
 * renders the tokens remark-highlight computed at build time. Prism (about 75
 * KB with its grammars) leaves every page's JavaScript; the config, which
 * reads the themes, runs in Node and keeps the real package.
 *
 * It also writes the token colours' CSS into every page's head: the light and
 * dark palettes and the one-property classes the tokens carry
 * (./site-colours.ts). A plugin's tag goes into the HTML only; the
 * config's `headTags`, or this plugin's options, would also be serialized into
 * the site config that every page's JavaScript carries.
 */
import path from 'node:path';
import type { LoadContext, Plugin, PluginModule } from '@docusaurus/types';
import { siteColours } from './site-colours';

function buildTimeHighlight(context: LoadContext): Plugin {
  return {
    name: 'build-time-highlight',
    injectHtmlTags() {
      return { headTags: [{ tagName: 'style', attributes: { 'data-guide': 'prism-palettes' }, innerHTML: siteColours.css }] };
    },
    configureWebpack() {
      return { resolve: { alias: { 'prism-react-renderer$': path.join(context.siteDir, 'src/code-highlight/highlight.tsx') } } };
    },
  };
}

export default buildTimeHighlight as PluginModule;
