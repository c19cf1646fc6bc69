/**
 * The drift gate. Reports, one line per problem:
 *  (a) a fenced block in docs/ in an IaC or script language that is pasted
 *      rather than imported (unless flagged `sample-output`), or has no language;
 *  (b) an import whose file, line range or region does not resolve;
 *  (c) a committed generated artifact that differs from what the pipeline
 *      regenerates now, or that the pipeline no longer produces.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GUARDED_LANGS, hasSampleFlag, parseImportMeta, resolveImport, SAMPLE_FLAG } from '../../src/code-import/fence.js';
import { scanFences } from '../../src/code-import/scan.js';
import { deriveArtifacts, listCommittedArtifacts, type Artifact } from './artifacts.js';
import { synthesize } from './synth.js';

/** The profile the committed artifacts (and so the published guide) are generated from. */
export const COMMITTED_PROFILE = 'production';

export type DriftKind = 'pasted-code' | 'broken-import' | 'stale-artifact';

export interface DriftProblem {
  kind: DriftKind;
  /** Repository-relative path. */
  file: string;
  line: number;
  message: string;
}

export interface DriftOptions {
  rootDir: string;
  docsDir?: string;
  /** Artifacts as the pipeline regenerates them; computed by synthesizing when omitted. */
  regenerate?: () => Artifact[];
  /** Skip (c), for checks that only concern pages. */
  skipArtifacts?: boolean;
}

function listPages(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export function checkPages(rootDir: string, docsDir = 'docs'): DriftProblem[] {
  const problems: DriftProblem[] = [];
  for (const page of listPages(path.join(rootDir, docsDir))) {
    const file = path.relative(rootDir, page).split(path.sep).join('/');
    let fences;
    try {
      fences = scanFences(fs.readFileSync(page, 'utf8'), page.endsWith('.mdx') ? 'mdx' : 'md');
    } catch (error) {
      const e = error as { line?: number; reason?: string; message: string };
      problems.push({ kind: 'broken-import', file, line: e.line ?? 1, message: `cannot parse the page: ${e.reason ?? e.message}` });
      continue;
    }
    for (const fence of fences) {
      let spec;
      try {
        spec = parseImportMeta(fence.meta);
      } catch (error) {
        problems.push({ kind: 'broken-import', file, line: fence.line, message: (error as Error).message });
        continue;
      }
      if (spec) {
        try {
          resolveImport(spec, page, rootDir);
        } catch (error) {
          problems.push({ kind: 'broken-import', file, line: fence.line, message: (error as Error).message });
        }
        continue;
      }
      if (hasSampleFlag(fence.meta)) continue;
      if (!fence.lang) {
        problems.push({
          kind: 'pasted-code',
          file,
          line: fence.line,
          message: `code block without a language: name the language and import the code with file=<rootDir>/…, or flag it "${SAMPLE_FLAG}" if it shows output`,
        });
      } else if (GUARDED_LANGS.has(fence.lang.toLowerCase())) {
        problems.push({
          kind: 'pasted-code',
          file,
          line: fence.line,
          message: `pasted ${fence.lang} block: import it from the file it belongs to (\`\`\`${fence.lang} file=<rootDir>/path region=name), or flag it "${SAMPLE_FLAG}" if it shows output`,
        });
      }
    }
  }
  return problems;
}

function firstDifference(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  const n = Math.max(left.length, right.length);
  for (let i = 0; i < n; i++) if (left[i] !== right[i]) return i + 1;
  return 1;
}

/** Regenerates artifacts from a fresh synth in a temporary directory. */
export function regenerateArtifacts(): Artifact[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-drift-'));
  try {
    const { outdir, deployment } = synthesize({ profile: COMMITTED_PROFILE, outdir: path.join(tmp, 'cdktf.out') });
    return deriveArtifacts(outdir, deployment);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function checkArtifacts(rootDir: string, expected: Artifact[]): DriftProblem[] {
  const problems: DriftProblem[] = [];
  const fix = 'run `npm run generate` and commit the result';
  for (const artifact of expected) {
    const abs = path.join(rootDir, artifact.path);
    if (!fs.existsSync(abs)) {
      problems.push({ kind: 'stale-artifact', file: artifact.path, line: 1, message: `generated artifact is missing: ${fix}` });
      continue;
    }
    const committed = fs.readFileSync(abs, 'utf8');
    if (committed !== artifact.content) {
      const line = firstDifference(committed, artifact.content);
      problems.push({
        kind: 'stale-artifact',
        file: artifact.path,
        line,
        message: `differs from what the pipeline generates (first difference on line ${line}): ${fix}`,
      });
    }
  }
  const wanted = new Set(expected.map((a) => a.path));
  for (const file of listCommittedArtifacts(rootDir)) {
    if (!wanted.has(file)) {
      problems.push({ kind: 'stale-artifact', file, line: 1, message: `the pipeline no longer generates this file: ${fix} (it removes it)` });
    }
  }
  return problems;
}

export function checkDrift(options: DriftOptions): DriftProblem[] {
  const problems = checkPages(options.rootDir, options.docsDir);
  if (!options.skipArtifacts) problems.push(...checkArtifacts(options.rootDir, (options.regenerate ?? regenerateArtifacts)()));
  return problems;
}

export function formatProblem(problem: DriftProblem, format: 'text' | 'github' = 'text'): string {
  if (format === 'github') {
    const message = problem.message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    return `::error file=${problem.file},line=${problem.line},title=${problem.kind}::${message}`;
  }
  return `${problem.file}:${problem.line}: ${problem.kind}: ${problem.message}`;
}
