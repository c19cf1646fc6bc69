import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import codeImport from 'remark-code-import';
import type { Plugin } from 'unified';
import { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import type { Code, Root } from 'mdast';
import remarkCodeRegion from '../../src/code-import/remark-code-region.js';

// remark-code-import's transformer type predates unified 11's; it behaves as a plugin.
const remarkCodeImport = codeImport as unknown as Plugin<[{ rootDir: string; removeRedundantIndentations: boolean }], Root>;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'remark-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
fs.mkdirSync(path.join(root, 'docs'));
fs.mkdirSync(path.join(root, 'iac'));
fs.writeFileSync(path.join(root, 'iac', 'stack.ts'), 'line1\nline2\n  // #region vpc\n  new Vpc(this);\n  // #endregion vpc\nline6\n');

async function run(markdown: string): Promise<Code[]> {
  const processor = unified()
    .use(remarkParse)
    .use(remarkMdx)
    .use(remarkCodeRegion, { rootDir: root })
    .use(remarkCodeImport, { rootDir: root, removeRedundantIndentations: true });
  const file = new VFile({ path: path.join(root, 'docs', 'page.mdx'), value: markdown });
  const tree = (await processor.run(processor.parse(file), file)) as Root;
  const codes: Code[] = [];
  visit(tree, 'code', (node: Code) => void codes.push(node));
  return codes;
}

describe('remark code import (regions + line ranges)', () => {
  it('fills a block from a named region and titles it with the source path', async () => {
    const [code] = await run('# T\n\n```ts file=<rootDir>/iac/stack.ts region=vpc\n```\n');
    expect(code!.value).toBe('new Vpc(this);');
    expect(code!.meta).toContain('title="iac/stack.ts"');
    expect(code!.meta).not.toContain('file=');
  });

  it('leaves line ranges to remark-code-import and keeps an explicit title', async () => {
    const [code] = await run('```ts file=<rootDir>/iac/stack.ts#L1-L2 title="First lines"\n```\n');
    expect(code!.value).toBe('line1\nline2');
    expect(code!.meta).toContain('title="First lines"');
  });

  it('fails with the page path and line for a missing region', async () => {
    await expect(run('# T\n\ntext\n\n```ts file=<rootDir>/iac/stack.ts region=eks\n```\n')).rejects.toThrow(
      /^docs\/page\.mdx:5:1: code import: iac\/stack\.ts: region "eks" not found \(regions in this file: vpc\)/,
    );
  });

  it('fails with the page path and line for a missing file', async () => {
    await expect(run('```yaml file=<rootDir>/generated/helm/values.yaml\n```\n')).rejects.toThrow(
      /^docs\/page\.mdx:1:1: code import: imported file generated\/helm\/values\.yaml does not exist/,
    );
  });

  it('fails for a line range past the end of the file', async () => {
    await expect(run('```ts file=<rootDir>/iac/stack.ts#L5-L60\n```\n')).rejects.toThrow(/docs\/page\.mdx:1:1: .*runs past the end of the file \(6 lines\)/);
  });

  it('does not touch blocks that import nothing', async () => {
    const [code] = await run('```console sample-output\n$ echo hi\nhi\n```\n');
    expect(code!.value).toBe('$ echo hi\nhi');
  });
});
