/**
 * Where "Edit this page" links point. GUIDE_EDIT_URL wins; otherwise the
 * checkout's `origin` remote, when it is on GitHub or GitLab, gives the edit
 * URL, so a fork's published guide links to the fork. The branch is the one
 * the remote has: the branch CI builds (a pull or merge request's target), or
 * the current branch's upstream, or origin's default branch; never a local
 * branch the remote may not have. Anything else (a local path, an unknown
 * host, no git, no such branch) gives no edit links rather than broken ones.
 */
import { execFileSync } from 'node:child_process';

/** `…/edit/<branch>/<prefix>` for a GitHub or GitLab remote URL (https, ssh or scp-like); undefined otherwise. */
export function editUrlFromRemote(remote: string, branch: string, prefix = ''): string | undefined {
  const trimmed = remote.trim();
  const scpLike = /^(?:[\w.-]+@)?([\w.-]+):(?!\/)(.+)$/.exec(trimmed);
  let origin: string;
  let host: string;
  let repoPath: string;
  if (scpLike && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    host = scpLike[1]!.toLowerCase();
    origin = `https://${host}`;
    repoPath = scpLike[2]!;
  } else {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git+ssh:'].includes(url.protocol)) return undefined;
    host = url.hostname.toLowerCase();
    // The web UI lives where an http(s) remote points (port included); an ssh port says nothing about it.
    // User and password, if any, are dropped here.
    origin = url.protocol.startsWith('http') ? `${url.protocol}//${url.host.toLowerCase()}` : `https://${host}`;
    repoPath = url.pathname.replace(/^\/+/, '');
  }
  repoPath = repoPath.replace(/\.git\/?$/, '').replace(/\/+$/, '');
  if (!repoPath.includes('/') || !branch) return undefined;
  const ref = branch.split('/').map(encodeURIComponent).join('/');
  const under = prefix.replace(/^\/+/, '').replace(/\/*$/, prefix ? '/' : '');
  const base = `${origin}/${repoPath}`;
  if (/^(www\.)?github\.com$/.test(host)) return `${base}/edit/${ref}/${under}`;
  if (/(^|\.)gitlab\./.test(host)) return `${base}/-/edit/${ref}/${under}`;
  return undefined;
}

function git(rootDir: string, env: NodeJS.ProcessEnv, ...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: rootDir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The branch of `origin` that edit links should open. */
export function editBranch(rootDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GITHUB_ACTIONS === 'true') return env.GITHUB_BASE_REF || (env.GITHUB_REF_TYPE === 'branch' ? env.GITHUB_REF_NAME : undefined);
  if (env.GITLAB_CI === 'true') return env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME || env.CI_COMMIT_BRANCH;
  for (const ref of [['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD']]) {
    const name = git(rootDir, env, ...ref);
    if (name?.startsWith('origin/')) return name.slice('origin/'.length);
  }
  return undefined;
}

export function resolveEditUrl(rootDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GUIDE_EDIT_URL) return env.GUIDE_EDIT_URL;
  const remote = git(rootDir, env, 'remote', 'get-url', 'origin');
  const branch = remote ? editBranch(rootDir, env) : undefined;
  // Docusaurus appends each page's path from the site's root; add where the site sits in the repository.
  const prefix = git(rootDir, env, 'rev-parse', '--show-prefix') ?? '';
  return remote && branch ? editUrlFromRemote(remote, branch, prefix) : undefined;
}
