/**
 * Where "Edit this page" links point. GUIDE_EDIT_URL wins; otherwise the
 * checkout's `origin` remote, when it is on GitHub or GitLab, gives the edit
 * URL of the current branch, so a fork's published guide links to the fork.
 * Anything else (a local path, an unknown host, no git) gives no edit links.
 */
import { execFileSync } from 'node:child_process';

/** `…/edit/<branch>/` for a GitHub or GitLab remote URL (https, ssh or scp-like); undefined otherwise. */
export function editUrlFromRemote(remote: string, branch: string): string | undefined {
  const trimmed = remote.trim();
  const scpLike = /^(?:[\w.-]+@)?([\w.-]+):(?!\/)(.+)$/.exec(trimmed);
  let host: string;
  let repoPath: string;
  if (scpLike && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    host = scpLike[1]!;
    repoPath = scpLike[2]!;
  } else {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git+ssh:'].includes(url.protocol)) return undefined;
    host = url.hostname; // user and password, if any, are dropped here
    repoPath = url.pathname.replace(/^\/+/, '');
  }
  repoPath = repoPath.replace(/\.git\/?$/, '').replace(/\/+$/, '');
  if (!repoPath.includes('/') || !branch) return undefined;
  const base = `https://${host.toLowerCase()}/${repoPath}`;
  if (/^(www\.)?github\.com$/i.test(host)) return `${base}/edit/${branch}/`;
  if (/(^|\.)gitlab\./i.test(host)) return `${base}/-/edit/${branch}/`;
  return undefined;
}

function git(rootDir: string, ...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function resolveEditUrl(rootDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GUIDE_EDIT_URL) return env.GUIDE_EDIT_URL;
  const remote = git(rootDir, 'remote', 'get-url', 'origin');
  const branch = git(rootDir, 'rev-parse', '--abbrev-ref', 'HEAD');
  return remote && branch && branch !== 'HEAD' ? editUrlFromRemote(remote, branch) : undefined;
}
