// Pre-loader for docs pages: declares every file a page imports code from as
// a dependency of the page, so that the persistent build cache (and the dev
// server) rebuild the page when the imported file changes. The page's source
// passes through unchanged. The token syntax mirrors src/code-import/fence.ts;
// test/unit/code-import-deps.test.ts holds the two together.
'use strict';
const path = require('node:path');

const FILE_TOKEN = /(?:^|\s)file=((?:\\ |[^\s#])+)/g;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[^\n]*$/gm;

function importedFiles(source, pagePath, rootDir) {
  const files = new Set();
  for (const fence of source.matchAll(FENCE_OPEN)) {
    for (const token of fence[0].matchAll(FILE_TOKEN)) {
      const raw = token[1].replace(/\\ /g, ' ');
      files.add(
        raw.startsWith('<rootDir>')
          ? path.join(rootDir, raw.slice('<rootDir>'.length))
          : path.resolve(path.dirname(pagePath), raw),
      );
    }
  }
  return [...files];
}

function codeImportDepsLoader(source) {
  const { rootDir } = this.getOptions();
  for (const file of importedFiles(source, this.resourcePath, rootDir)) this.addDependency(file);
  return source;
}

module.exports = codeImportDepsLoader;
module.exports.importedFiles = importedFiles;
