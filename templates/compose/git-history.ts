/**
 * Reading a layer's files as a commit holds them: the first piece of
 * releases that are references to history rather than copies (#17). Git runs
 * with argument lists, never a shell string; a file's bytes come back as they
 * are stored. A shallow clone may lack a release's commit: `historyProblem`
 * says so, naming `git fetch --unshallow`.
 */
import { execFileSync } from 'node:child_process';
import { digestFiles } from './snapshots.js';

const git = (root: string, args: string[]) => execFileSync('git', ['-C', root, ...args], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });

/** Why the history cannot answer for `commit`, or undefined when it can. */
export function historyProblem(root: string, commit: string): string | undefined {
  try {
    git(root, ['rev-parse', '--is-inside-work-tree']);
  } catch {
    return `${root} is not a git clone, so releases cannot be read from history`;
  }
  try {
    git(root, ['cat-file', '-e', `${commit}^{commit}`]);
    return undefined;
  } catch {
    const shallow = git(root, ['rev-parse', '--is-shallow-repository']).toString().trim() === 'true';
    return shallow ? `commit ${commit} is not in this shallow clone: run git fetch --unshallow (in CI, check out with fetch-depth: 0)` : `commit ${commit} is not in this clone's history`;
  }
}

/**
 * The files under templates/<dir>/ for each of `dirs` at `commit`, keyed `<dir>/<path>` as a
 * release holds them (each directory's own releases.yaml left out).
 */
export function filesAt(root: string, commit: string, dirs: readonly string[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const dir of dirs) {
    const prefix = `templates/${dir}/`;
    const paths = git(root, ['ls-tree', '-r', '--name-only', '-z', commit, '--', prefix]).toString().split('\0').filter(Boolean);
    for (const p of paths) {
      const rel = p.slice(prefix.length);
      if (rel === 'releases.yaml') continue;
      files.set(`${dir}/${rel}`, git(root, ['cat-file', 'blob', `${commit}:${p}`]));
    }
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
 * release is the layer's last commit; the entry that names it comes in the commit after). In a
 * folder that is no git clone (a copy) there is no history to record, and nothing is. Files that
 * differ from HEAD are refused: commit them first, so the release points at them.
 */
export function releaseCommit(root: string, dirs: readonly string[], digest: string, what: string): string | undefined {
  if (!hasHistory(root)) return undefined;
  const head = git(root, ['rev-parse', 'HEAD']).toString().trim();
  if (digestAt(root, head, dirs) === digest) return head;
  throw new ReleaseHistoryError(`${what}: the files of ${dirs.map((d) => `templates/${d}/`).join(', ')} differ from the last commit (${head.slice(0, 12)}); commit them first: a release records the commit that holds its files`);
}

export class ReleaseHistoryError extends Error {}
