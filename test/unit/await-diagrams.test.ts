/**
 * The docs build starts before the diagrams are rendered: a page that shows a
 * diagram waits, in its remark pass, for the marker the diagrams stage writes
 * (src/diagrams/remark-await-diagrams.ts); other pages do not wait at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkAwaitDiagrams, { MARKER_OK } from '../../src/diagrams/remark-await-diagrams.js';
import { tempDir } from '../helpers/temp.js';

const WITH_DIAGRAM = '# Overview\n\n![The deployment](/diagrams/overview.svg)\n';
const WITHOUT = '# Steps\n\n![A logo](/img/favicon.svg)\n';

async function run(markdown: string, marker: string, timeoutMs?: number): Promise<number> {
  const processor = unified().use(remarkParse).use(remarkAwaitDiagrams, { marker, ...(timeoutMs ? { timeoutMs } : {}) });
  const started = Date.now();
  await processor.run(processor.parse(markdown));
  return Date.now() - started;
}

describe('pages wait for the diagrams stage', () => {
  it('a page that shows a diagram waits until the marker says ok; one that does not never waits', async () => {
    const marker = path.join(tempDir('guide-await-'), 'ready');
    expect(await run(WITHOUT, marker)).toBeLessThan(200);
    let written = 0;
    setTimeout(() => {
      written = Date.now();
      fs.writeFileSync(marker, MARKER_OK);
    }, 400);
    const took = await run(WITH_DIAGRAM, marker);
    expect(written).toBeGreaterThan(0);
    expect(took).toBeGreaterThanOrEqual(350);
    // Later pages find the marker there at once.
    expect(await run(WITH_DIAGRAM, marker)).toBeLessThan(200);
  });

  it('a failed stage fails the page with its message; no marker at all fails after the timeout, naming the fix', async () => {
    const dir = tempDir('guide-await-');
    const failed = path.join(dir, 'failed');
    fs.writeFileSync(failed, 'failed: Chromium could not start');
    await expect(run(WITH_DIAGRAM, failed)).rejects.toThrow('the diagrams stage failed: Chromium could not start');
    await expect(run(WITH_DIAGRAM, path.join(dir, 'never'), 300)).rejects.toThrow(/the diagrams were not rendered within 0 s \(no .*never\); run npm run diagrams, then build again/);
  });

  it('without the marker variable (npm start, a plain docusaurus build) nothing waits', async () => {
    const previous = process.env.GUIDE_DIAGRAMS_READY;
    delete process.env.GUIDE_DIAGRAMS_READY;
    try {
      const processor = unified().use(remarkParse).use(remarkAwaitDiagrams);
      await processor.run(processor.parse(WITH_DIAGRAM));
    } finally {
      if (previous !== undefined) process.env.GUIDE_DIAGRAMS_READY = previous;
    }
  });
});

describe('the site config waits for the generated files', () => {
  it('npm run build starts the docs build before synthesis ends: the config resolves only once the synth marker says ok, and fails with the stage\'s message', async () => {
    const { default: createConfig } = await import('../../docusaurus.config.js');
    const dir = tempDir('guide-await-');
    const previous = process.env.GUIDE_GENERATED_READY;
    try {
      const marker = path.join(dir, 'generated');
      process.env.GUIDE_GENERATED_READY = marker;
      setTimeout(() => fs.writeFileSync(marker, MARKER_OK), 400);
      const started = Date.now();
      const config = await createConfig();
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(config.title).toBe('Coder on Amazon EKS');
      const failed = path.join(dir, 'failed');
      fs.writeFileSync(failed, 'failed: Invalid deployment configuration');
      process.env.GUIDE_GENERATED_READY = failed;
      await expect(createConfig()).rejects.toThrow('the synth stage failed: Invalid deployment configuration');
      delete process.env.GUIDE_GENERATED_READY;
      expect((await createConfig()).title).toBe('Coder on Amazon EKS');
    } finally {
      if (previous === undefined) delete process.env.GUIDE_GENERATED_READY;
      else process.env.GUIDE_GENERATED_READY = previous;
    }
  });
});
