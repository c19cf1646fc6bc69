/**
 * The repository root, found from this file's own place (src/site/), for the
 * site's build-time plugins. They default to it rather than take it as an
 * option: Docusaurus serializes plugin options into the site config that every
 * page's JavaScript carries, and a build machine's absolute path has no
 * business in published pages (nor in their content hashes).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SITE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A page's path as build errors name it: from the repository root, with forward slashes. */
export function pagePath(file: string | undefined, rootDir: string = SITE_ROOT): string {
  return file ? path.relative(rootDir, file).split(path.sep).join('/') : '(unknown page)';
}
