// Runs a TypeScript entry point (npm run synth) from a bundle compiled once and kept in
// node_modules/.cache/guide-compiled/ (CommonJS), instead of having the TypeScript loader transform every
// module on every run: most of a synth's wall clock was the loader's start-up. The bundle is
// made again whenever any of its source files changed (their contents are hashed on every run,
// against the list esbuild reported when it built it); packages stay imports of node_modules.
// A source file that cannot be compiled (a truncated profile, say) is reported as one line
// naming the file, the line and what is wrong, as scripts/lib/source-errors.mjs does under tsx.
//
//   node --enable-source-maps scripts/lib/run-compiled.mjs scripts/synth.ts [args…]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unreadableSource } from './unreadable-source.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = path.resolve(root, process.argv[2] ?? '');
if (!process.argv[2] || !fs.existsSync(entry)) {
  process.stderr.write(`run-compiled: no entry point ${process.argv[2] ?? '(none given)'}; usage: node scripts/lib/run-compiled.mjs <file.ts> [args…]\n`);
  process.exit(2);
}
const cacheDir = path.join(root, 'node_modules', '.cache', 'guide-compiled');
// Per checkout too: the bundle carries this checkout's absolute paths, and copies of the repository
// that link the same node_modules must not share it.
const name = `${path.relative(root, entry).replace(/[\\/]/g, '__').replace(/\.ts$/, '')}-${crypto.createHash('sha256').update(root).digest('hex').slice(0, 12)}`;
const bundle = path.join(cacheDir, `${name}.cjs`);
const manifest = path.join(cacheDir, `${name}.inputs.json`);
const self = fs.readFileSync(fileURLToPath(import.meta.url));

/** One digest over this launcher and every input's path and content; undefined if one is gone. */
function digestOf(inputs) {
  const hash = crypto.createHash('sha256').update(self);
  for (const rel of inputs) {
    let content;
    try {
      content = fs.readFileSync(path.join(root, rel));
    } catch {
      return undefined;
    }
    hash.update(`${rel}\0`).update(content).update('\0');
  }
  return hash.digest('hex');
}

function isFresh() {
  try {
    const { inputs, digest } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    return fs.existsSync(bundle) && digestOf(inputs) === digest;
  } catch {
    return false;
  }
}

/** esbuild, with each module's import.meta.url its own source file's (paths.ts finds the repository through it). */
async function compile() {
  const { build } = await import('esbuild');
  const ownUrl = {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        const text = fs.readFileSync(args.path, 'utf8');
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
      });
    },
  };
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${bundle}.tmp-${process.pid}`;
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      // CommonJS, so that the packages' deep imports (@cdktn/provider-aws/lib/kms-key, a folder)
      // resolve as they do under tsx; Node 20.19+ requires ES modules from it too.
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      outfile: tmp,
      metafile: true,
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [ownUrl],
    });
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    const first = error.errors?.[0];
    if (!first?.location) throw error;
    const { file, line, column } = first.location;
    process.stderr.write(unreadableSource(path.resolve(root, file), line, column, first.text));
    process.exit(1);
  }
  const inputs = Object.keys(result.metafile.inputs)
    .filter((rel) => !rel.includes('node_modules/'))
    .sort();
  fs.renameSync(tmp, bundle);
  const written = `${manifest}.tmp-${process.pid}`;
  fs.writeFileSync(written, JSON.stringify({ inputs, digest: digestOf(inputs) }));
  fs.renameSync(written, manifest);
}

if (!isFresh()) await compile();
// The entry reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);
await import(pathToFileURL(bundle).href);
