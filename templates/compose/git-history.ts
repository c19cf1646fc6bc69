/**
 * Reading a layer's files as a commit holds them: a release is a reference to
 * history, not a copy (#17). Git runs with argument lists, never a shell
 * string; a directory's files come back from two processes (`ls-tree`, then
 * one `cat-file --batch` for every blob), byte for byte as stored. A shallow
 * clone may lack a release's commit: `historyProblem` says so, naming
 * `git fetch --unshallow`.
 */
import { execFileSync } from 'node:child_process';
import { digestFiles } from './digest.js';

const git = (root: string, args: string[], input?: string) =>
  execFileSync('git', ['-C', root, ...args], { maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'pipe'], ...(input !== undefined ? { input } : {}) });

const FULL_SHA = /^[0-9a-f]{40}$/;

/** Whether `root` is a git work tree; the reason when it is not. */
function notAClone(root: string): string | undefined {
  try {
    git(root, ['rev-parse', '--is-inside-work-tree']);
    return undefined;
  } catch {
    return `${root} is not a git clone, so releases cannot be read from history: compose pinned releases in a clone of the repository (git clone, not a download of its files)`;
  }
}

function isShallow(root: string): boolean {
  return git(root, ['rev-parse', '--is-shallow-repository']).toString().trim() === 'true';
}

const missingMessage = (root: string, commit: string) =>
  isShallow(root) ? `commit ${commit} is not in this shallow clone: run git fetch --unshallow (in CI, check out with fetch-depth: 0)` : `commit ${commit} is not in this clone's history (was it rewritten? fetch the branch that holds it)`;

/** Why the history cannot answer for `commit`, or undefined when it can. */
export function historyProblem(root: string, commit: string): string | undefined {
  return missingCommits(root, [commit]).get(commit);
}

/** For each of `commits` the history cannot answer for, why (one git process for all of them). */
export function missingCommits(root: string, commits: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (commits.length === 0) return out;
  const clone = notAClone(root);
  if (clone) {
    for (const c of commits) out.set(c, clone);
    return out;
  }
  const wanted = [...new Set(commits)];
  for (const c of wanted.filter((x) => !FULL_SHA.test(x))) out.set(c, `"${c}" is not a full 40-hex-digit commit SHA`);
  const full = wanted.filter((x) => FULL_SHA.test(x));
  if (full.length === 0) return out;
  // --batch-check answers each line in order: "<sha> commit <size>" or "<sha>^{commit} missing".
  const answers = git(root, ['cat-file', '--batch-check'], full.map((c) => `${c}^{commit}\n`).join('')).toString().split('\n');
  full.forEach((c, i) => {
    if (!/ commit \d+$/.test(answers[i] ?? '')) out.set(c, missingMessage(root, c));
  });
  return out;
}

/**
 * The files under templates/<dir>/ for each of `dirs` at `commit`, keyed `<dir>/<path>` as a
 * release holds them (each directory's own releases.yaml left out; symbolic links and submodules
 * too, as a working directory's regular files are what a release takes).
 */
export function filesAt(root: string, commit: string, dirs: readonly string[]): Map<string, Buffer> {
  const entries: Array<{ key: string; oid: string }> = [];
  for (const dir of dirs) {
    const prefix = `templates/${dir}/`;
    for (const line of git(root, ['ls-tree', '-r', '-z', commit, '--', prefix]).toString().split('\0')) {
      const m = /^(\d{6}) blob ([0-9a-f]+)\t(.+)$/s.exec(line);
      if (!m || m[1] === '120000') continue;
      const rel = m[3]!.slice(prefix.length);
      if (rel === 'releases.yaml') continue;
      entries.push({ key: `${dir}/${rel}`, oid: m[2]! });
    }
  }
  const files = new Map<string, Buffer>();
  if (entries.length === 0) return files;
  const out = git(root, ['cat-file', '--batch'], entries.map((e) => `${e.oid}\n`).join(''));
  let at = 0;
  for (const { key, oid } of entries) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString();
    const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1] ?? NaN);
    if (!header.startsWith(oid) || !Number.isInteger(size)) throw new Error(`git cat-file: unexpected answer "${header}" for ${key} at ${commit}`);
    files.set(key, out.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return files;
}

/** The digest a release records, of the files `commit` holds for `dirs`. */
export function digestAt(root: string, commit: string, dirs: readonly string[]): string {
  return digestFiles(filesAt(root, commit, dirs));
}

/** Whether `root` is inside a git work tree with at least one commit. */
function hasHistory(root: string): boolean {
  try {
    git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    return true;
  } catch {
    return false;
  }
}

/**
 * The commit a new release records: HEAD, when HEAD holds exactly the files being released (the
 * release is the layer's last commit; the entry that names it comes in the commit after, so the
 * entry never has to name the commit it is in). Refused: a folder that is no git clone (a
 * download holds no history to point at), and files that differ from HEAD (commit them first).
 */
export function releaseCommit(root: string, dirs: readonly string[], digest: string, what: string): string {
  const clone = notAClone(root);
  if (clone) throw new ReleaseHistoryError(`${what}: ${clone.replace('compose pinned releases', 'release')}`);
  if (!hasHistory(root)) throw new ReleaseHistoryError(`${what}: the repository has no commit yet; commit templates/ first: a release records the commit that holds its files`);
  const head = git(root, ['rev-parse', 'HEAD']).toString().trim();
  if (digestAt(root, head, dirs) === digest) return head;
  throw new ReleaseHistoryError(`${what}: the files of ${dirs.map((d) => `templates/${d}/`).join(', ')} differ from the last commit (${head.slice(0, 12)}); commit them first: a release records the commit that holds its files`);
}

export class ReleaseHistoryError extends Error {}
