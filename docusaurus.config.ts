import fs from 'node:fs';
import path from 'node:path';
import { siteColours } from './src/plugins/build-time-highlight/site-colours';
import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import remarkCodeImportSite from './src/code-import/remark-code-import-site';
import remarkCodeRegion from './src/code-import/remark-code-region';
import remarkHighlight from './src/code-highlight/remark-highlight';
import buildTimeHighlight from './src/plugins/build-time-highlight';
import { ADDITIONAL_LANGUAGES } from './src/code-highlight/languages';
import remarkAwaitDiagrams from './src/diagrams/remark-await-diagrams';
import { stageReady, SYNTH_STAGE } from './src/pipeline/stage-markers';
import codeImportDeps from './src/plugins/code-import-deps';
import { resolveEditUrl } from './src/site/edit-url';
import { SITE_ROOT } from './src/site/root-dir';

// Last-updated dates come from git; a copy of the sources outside a checkout builds without them.
const inGitCheckout = fs.existsSync(path.join(SITE_ROOT, '.git'));

// GUIDE_BARE=1 builds the same pages without the pipeline's own plugins; only
// the benchmark uses it, to price what the pipeline adds (scripts/bench.ts).
const bare = process.env.GUIDE_BARE === '1';

// Code is highlighted at build time, last, once the imports have filled the blocks in; the pages
// carry the tokens and no Prism reaches the browser (src/code-highlight). Site behaviour, not
// pipeline: in the bare benchmark build too.
const remarkPlugins = bare ? [remarkHighlight] : [remarkCodeRegion, remarkCodeImportSite, remarkHighlight];

const config: Config = {
  title: 'Coder on Amazon EKS',
  tagline: 'The tested deployment guide for platform teams running up to 3000 concurrent workspaces',
  favicon: 'img/favicon.svg',
  url: process.env.GUIDE_URL ?? 'https://coder-eks-guide.example.com',
  baseUrl: process.env.GUIDE_BASE_URL ?? '/',
  trailingSlash: false,

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',

  markdown: {
    format: 'detect',
    hooks: {
      onBrokenMarkdownLinks: 'throw',
      onBrokenMarkdownImages: 'throw',
    },
  },

  future: {
    // Docusaurus v4 behaviour, except CSS cascade layers: with them, Infima's defaults would
    // outrank this site's colour tokens (src/css/custom.css), which are chosen for contrast.
    v4: {
      removeLegacyPostBuildHeadAttribute: true,
      useCssCascadeLayers: false,
      siteStorageNamespacing: true,
      fasterByDefault: true,
      mdx1CompatDisabledByDefault: true,
    },
    faster: true,
  },

  // Site behaviour, not pipeline: in the bare benchmark build too.
  clientModules: ['./src/client/idle-prefetch.ts'],

  staticDirectories: ['static', '.generated/static'],

  i18n: { defaultLocale: 'en', locales: ['en'] },

  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
          remarkPlugins,
          // Before Docusaurus resolves a page's images: a page showing a diagram waits for the
          // diagrams stage that npm run build runs beside the docs build (no-op otherwise).
          beforeDefaultRemarkPlugins: bare ? [] : [remarkAwaitDiagrams],
          editUrl: resolveEditUrl(SITE_ROOT),
          showLastUpdateTime: inGitCheckout,
        },
        blog: false,
        pages: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],

  // Highlighting's bundle alias and the token colours' CSS (in the bare benchmark build too).
  // No plugin is given the repository's path: Docusaurus would serialize it into every page's
  // JavaScript (src/site/root-dir.ts).
  plugins: [buildTimeHighlight, ...(bare ? [] : [[codeImportDeps, { include: ['docs'] }]])],

  themes: [
    [
      '@easyops-cn/docusaurus-search-local',
      {
        // Offline search over every page, imported code included; no external service.
        hashed: true,
        docsRouteBasePath: '/',
        indexBlog: false,
        indexPages: false,
        highlightSearchTermsOnTargetPage: true,
        explicitSearchResultPath: true,
        searchBarShortcutHint: false,
      },
    ],
  ],

  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: 'Coder on EKS',
      // Decorative: the title beside it says the same.
      logo: { alt: '', src: 'img/favicon.svg' },
      items: [{ type: 'docSidebar', sidebarId: 'guide', position: 'left', label: 'Guide' }],
    },
    footer: {
      style: 'dark',
      copyright: 'Coder on Amazon EKS: a deployment guide whose every code block is imported from tested sources.',
    },
    prism: {
      // Both modes share one theme of CSS variables (src/plugins/build-time-highlight/site-colours.ts).
      theme: siteColours.theme,
      darkTheme: siteColours.theme,
      // Registered at build time by remark-highlight (above), not in the browser.
      additionalLanguages: [...ADDITIONAL_LANGUAGES],
    },
  } satisfies Preset.ThemeConfig,
};

// npm run build starts the docs build while synthesis is still writing generated/, which the pages
// and the tables import: the config waits for it (GUIDE_GENERATED_READY), before anything reads
// them, bundler caches included. Anywhere else nothing waits.
export default async function createConfig(): Promise<Config> {
  const marker = process.env[SYNTH_STAGE.env];
  if (marker) await stageReady(marker, SYNTH_STAGE);
  return config;
}
