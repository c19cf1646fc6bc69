/**
 * Export for coder.com/docs: plain GitHub-flavoured Markdown, one file per
 * page, every code import resolved inline, data tables written out, diagrams
 * as SVG files beside the pages, links rewritten, and manifest entries in the
 * shape of Coder's docs manifest.json (title, description, path, children).
 */
import { STEPS } from './guide/steps.js';
import fs from 'node:fs';
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';
import remarkStringify from 'remark-stringify';
import YAML from 'yaml';
import type { Root, RootContent, Code, Table as MdTable, TableRow, PhrasingContent } from 'mdast';
import { parseImportMeta, resolveImport } from '../../src/code-import/fence.js';
import { runnerNote, TABLES, type Cell, type Table } from '../../src/tables/index.js';
import { assertReplaceable } from './replace-dir.js';

export interface ManifestEntry {
  title: string;
  description?: string;
  path?: string;
  children?: ManifestEntry[];
}

interface SidebarCategory {
  type: 'category';
  label: string;
  items: Array<string | SidebarCategory>;
}

export interface ExportResult {
  pages: string[];
  manifest: ManifestEntry;
}

const ADMONITION_TITLES: Record<string, string> = { note: 'Note', tip: 'Tip', info: 'Info', warning: 'Warning', danger: 'Danger', caution: 'Caution' };

function cellNode(cell: Cell): PhrasingContent {
  const inner: PhrasingContent = cell.code ? { type: 'inlineCode', value: cell.text } : { type: 'text', value: cell.text };
  return cell.strong ? { type: 'strong', children: [inner] } : inner;
}

/** A data table as Markdown nodes: the table, its notes and its list. */
export function tableNodes(table: Table): RootContent[] {
  const row = (cells: PhrasingContent[]): TableRow => ({ type: 'tableRow', children: cells.map((c) => ({ type: 'tableCell', children: [c] })) });
  const md: MdTable = {
    type: 'table',
    align: table.header.map(() => null),
    children: [row(table.header.map((h) => ({ type: 'text', value: h }))), ...table.rows.map((r) => row(r.map(cellNode)))],
  };
  const nodes: RootContent[] = [md];
  for (const note of table.notes ?? []) nodes.push({ type: 'paragraph', children: [{ type: 'text', value: note }] });
  if (table.list) nodes.push({ type: 'list', ordered: false, spread: false, children: table.list.map((item) => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: item }] }] })) });
  return nodes;
}

function text(nodes: RootContent[] | undefined): string {
  return (nodes ?? []).map((n) => ('value' in n ? String(n.value) : 'children' in n ? text(n.children as RootContent[]) : '')).join('');
}

/** Rewrites a page link (./x.mdx#a, ../ref/y.md) to the exported .md file. */
function rewriteLink(url: string): string {
  if (/^[a-z]+:/i.test(url) || url.startsWith('#')) return url;
  return url.replace(/\.mdx?(?=#|$)/, '.md');
}

interface Context {
  /** Depth of the last heading written, for tab labels that become headings below it. */
  lastDepth: number;
  rootDir: string;
  pagePath: string;
  pageRel: string;
  outDir: string;
  diagrams: Set<string>;
}

function transform(nodes: RootContent[], ctx: Context): RootContent[] {
  const out: RootContent[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'yaml':
      case 'mdxjsEsm':
        break;
      case 'code': {
        const spec = parseImportMeta(node.meta);
        const code: Code = { type: 'code', lang: node.lang, meta: null, value: spec ? resolveImport(spec, ctx.pagePath, ctx.rootDir).code : node.value };
        if (spec) out.push({ type: 'paragraph', children: [{ type: 'text', value: 'From ' }, { type: 'inlineCode', value: resolveImport(spec, ctx.pagePath, ctx.rootDir).relPath }, { type: 'text', value: ':' }] });
        out.push(code);
        break;
      }
      case 'containerDirective': {
        const label = node.children[0]?.data && (node.children[0].data as { directiveLabel?: boolean }).directiveLabel ? text((node.children[0] as { children: RootContent[] }).children) : '';
        const body = node.children.filter((c, i) => !(i === 0 && label));
        const heading = `${ADMONITION_TITLES[node.name] ?? node.name}${label ? `: ${label}` : ''}`;
        out.push({ type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: heading }] }] }, ...(transform(body as RootContent[], ctx) as never[])] });
        break;
      }
      case 'mdxJsxTextElement': {
        // A <details> summary names the block under it: plain text followed by a colon.
        if (node.name === 'summary') out.push({ type: 'text', value: `${text(node.children as RootContent[])}:` } as RootContent);
        else throw new Error(`${ctx.pageRel}: no Markdown equivalent for inline <${node.name ?? ''}>`);
        break;
      }
      case 'mdxJsxFlowElement': {
        const name = node.name ?? '';
        if (TABLES[name]) out.push(...tableNodes(TABLES[name]!()));
        else if (name === 'Tabs' || name === 'details') out.push(...transform(node.children as RootContent[], ctx));
        else if (name === 'summary') out.push({ type: 'paragraph', children: [{ type: 'text', value: `${text(node.children as RootContent[])}:` }] });
        else if (name === 'HowToRun') {
          // The copy-and-paste content, then the runner command for the same step.
          const id = node.attributes.find((a) => 'name' in a && a.name === 'step');
          const step = STEPS.find((st) => id && 'value' in id && st.id === id.value);
          if (!step) throw new Error(`${ctx.pageRel}: <HowToRun> names no step of scripts/lib/guide/steps.ts`);
          out.push(...transform(node.children as RootContent[], ctx));
          // What the site's "npm run guide" tab says, from the same builder.
          const note = runnerNote(step.id);
          out.push({ type: 'paragraph', children: [{ type: 'text', value: 'Or let the guide run it: ' }, { type: 'inlineCode', value: note.command }] });
          out.push({ type: 'paragraph', children: note.spans.map(cellNode) });
        }
        else if (name === 'TabItem') {
          const label = node.attributes.find((a) => 'name' in a && a.name === 'label');
          const depth = Math.min(6, ctx.lastDepth + 1) as 1 | 2 | 3 | 4 | 5 | 6;
          if (label && 'value' in label && typeof label.value === 'string') out.push({ type: 'heading', depth, children: [{ type: 'text', value: label.value }] });
          out.push(...transform(node.children as RootContent[], ctx));
        } else throw new Error(`${ctx.pageRel}: no Markdown equivalent for <${name}>: add it to src/tables or to the exporter`);
        break;
      }
      default: {
        if (node.type === 'heading') ctx.lastDepth = node.depth;
        if ('children' in node) (node as { children: RootContent[] }).children = transform((node as { children: RootContent[] }).children, ctx);
        if (node.type === 'link') node.url = rewriteLink(node.url);
        if (node.type === 'image' && node.url.startsWith('/diagrams/')) {
          const file = path.basename(node.url);
          ctx.diagrams.add(file);
          node.url = path.posix.join(path.posix.relative(path.posix.dirname(ctx.pageRel), 'diagrams') || '.', file);
        }
        out.push(node);
      }
    }
  }
  return out;
}

function exportPage(rootDir: string, docId: string, outDir: string, diagrams: Set<string>): { title: string; description?: string; rel: string } {
  const pagePath = ['.mdx', '.md'].map((ext) => path.join(rootDir, 'docs', docId + ext)).find((p) => fs.existsSync(p));
  if (!pagePath) throw new Error(`sidebar names ${docId}, which has no page in docs/`);
  const source = fs.readFileSync(pagePath, 'utf8');
  const tree = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm).use(remarkDirective).use(remarkMdx).parse(source) as Root;
  const yaml = tree.children.find((n) => n.type === 'yaml');
  const front = (yaml && 'value' in yaml ? YAML.parse(String(yaml.value)) : {}) as { title?: string; description?: string };
  const rel = `${docId}.md`;
  const title = front.title ?? docId;
  const children = transform(tree.children, { lastDepth: 1, rootDir, pagePath, pageRel: rel, outDir, diagrams });
  const doc: Root = { type: 'root', children: [{ type: 'heading', depth: 1, children: [{ type: 'text', value: title }] }, ...children] };
  const markdown = unified().use(remarkGfm).use(remarkStringify, { bullet: '-', emphasis: '_', fences: true, listItemIndent: 'one', rule: '-' }).stringify(doc);
  fs.mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
  fs.writeFileSync(path.join(outDir, rel), markdown);
  return { title, description: front.description, rel };
}

function walk(items: Array<string | SidebarCategory>, ctx: { rootDir: string; outDir: string; diagrams: Set<string>; pages: string[] }): ManifestEntry[] {
  return items.map((item) => {
    if (typeof item === 'string') {
      const page = exportPage(ctx.rootDir, item, ctx.outDir, ctx.diagrams);
      ctx.pages.push(page.rel);
      return { title: page.title, description: page.description, path: `./${page.rel}` };
    }
    return { title: item.label, children: walk(item.items, ctx) };
  });
}

/** The marker an export leaves in its folder, so a later export may replace it and nothing else. */
export const EXPORT_MARKER = '.coder-docs-export';

export function exportCoderDocs(rootDir: string, outDir: string, sidebar: Array<string | SidebarCategory>, diagramsDir: string): ExportResult {
  assertReplaceable(outDir, (dir) => fs.existsSync(path.join(dir, EXPORT_MARKER)), 'npm run export:coder-docs');
  const staging = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const ctx = { rootDir, outDir: staging, diagrams: new Set<string>(), pages: [] as string[] };
    const children = walk(sidebar, ctx);
    fs.mkdirSync(path.join(staging, 'diagrams'), { recursive: true });
    fs.writeFileSync(path.join(staging, EXPORT_MARKER), 'Written by npm run export:coder-docs; the next export replaces this folder.\n');
    for (const file of ctx.diagrams) {
      const src = path.join(diagramsDir, file);
      if (!fs.existsSync(src)) throw new Error(`diagram ${file} is not rendered: run npm run diagrams first`);
      fs.copyFileSync(src, path.join(staging, 'diagrams', file));
    }
    const manifest: ManifestEntry = { title: 'Coder on Amazon EKS', description: 'The tested deployment guide for Coder on Amazon EKS.', path: `./${ctx.pages[0]}`, children };
    fs.writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify({ routes: [manifest] }, null, 2)}\n`);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(staging, outDir);
    return { pages: ctx.pages, manifest };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
