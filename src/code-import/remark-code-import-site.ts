/**
 * remark-code-import as the site uses it: `<rootDir>` is the repository root
 * (src/site/root-dir.ts) and the imported lines lose their common indentation.
 * Runs after remark-code-region, which resolves regions and checks imports.
 */
import remarkCodeImport from 'remark-code-import';
import { SITE_ROOT } from '../site/root-dir';

export default function remarkCodeImportSite() {
  return remarkCodeImport({ rootDir: SITE_ROOT, removeRedundantIndentations: true });
}
