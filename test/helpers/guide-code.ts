/** The code blocks the guide's pages show, read as the build reads them. */
import fs from 'node:fs';
import path from 'node:path';
import { parseImportMeta, resolveImport } from '../../src/code-import/fence.js';
import { scanFences } from '../../src/code-import/scan.js';
import { repoRoot } from './repo.js';

/** Every code block the guide shows, with its language. */
export function guideCode(): Array<{ where: string; language: string; code: string }> {
  const out: Array<{ where: string; language: string; code: string }> = [];
  const docs = path.join(repoRoot, 'docs');
  for (const entry of fs.readdirSync(docs, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.mdx?$/.test(entry.name)) continue;
    const page = path.join(entry.parentPath, entry.name);
    for (const fence of scanFences(fs.readFileSync(page, 'utf8'))) {
      if (!fence.lang) continue;
      const spec = parseImportMeta(fence.meta);
      // Imported blocks show the file's region; the rest (flagged sample output) show their own text.
      const code = spec ? resolveImport(spec, page, repoRoot).code : fence.value;
      out.push({ where: `${path.relative(repoRoot, page)}:${fence.line}`, language: fence.lang, code });
    }
  }
  return out;
}

