/** The site's own code: idle prefetching, the last-updated date, edit links. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idlePrefetcher } from '../../src/client/idle-prefetch.js';
import { formatUtcDate } from '../../src/format/date.js';
import { editBranch, editUrlFromRemote, resolveEditUrl } from '../../src/site/edit-url.js';

function recorder() {
  const calls: string[] = [];
  const idle: Array<() => void> = [];
  const api = { prefetch: (p: string) => calls.push(`prefetch ${p}`), preload: (p: string) => calls.push(`preload ${p}`) };
  const wrapped = idlePrefetcher(api, (run) => idle.push(run));
  return { calls, idle, wrapped };
}

describe('idle prefetching', () => {
  it('queues prefetches and runs one per idle period, in order, each route once', () => {
    const { calls, idle, wrapped } = recorder();
    for (const route of ['/a', '/b', '/a', '/c']) wrapped.prefetch(route);
    expect(calls).toEqual([]);
    expect(idle).toHaveLength(1); // one pending idle callback, not one per link
    idle.shift()!();
    expect(calls).toEqual(['prefetch /a']);
    while (idle.length) idle.shift()!();
    expect(calls).toEqual(['prefetch /a', 'prefetch /b', 'prefetch /c']);
  });

  it('preloads at once: hovering a link still loads its page straight away', () => {
    const { calls, idle, wrapped } = recorder();
    wrapped.prefetch('/a');
    wrapped.preload('/b');
    expect(calls).toEqual(['preload /b']);
    idle.shift()!();
    expect(calls).toEqual(['preload /b', 'prefetch /a']);
  });

  it('is frozen, like the object it stands in for', () => {
    expect(Object.isFrozen(recorder().wrapped)).toBe(true);
  });
});

describe('last-updated date', () => {
  it('reads exactly as the theme\'s own en formatter in UTC, for any date (1000 cases)', () => {
    const intl = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        expect(formatUtcDate(ms)).toBe(intl.format(new Date(ms)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('edit links', () => {
  it('turn GitHub and GitLab remotes, in every spelling, into the branch\'s edit URL', () => {
    const cases: Array<[string, string | undefined]> = [
      ['git@github.com:acme/coder-eks-guide.git', 'https://github.com/acme/coder-eks-guide/edit/main/'],
      ['https://github.com/acme/coder-eks-guide', 'https://github.com/acme/coder-eks-guide/edit/main/'],
      ['https://github.com/acme/coder-eks-guide.git/', 'https://github.com/acme/coder-eks-guide/edit/main/'],
      ['https://x-access-token:s3cret@github.com/acme/coder-eks-guide.git', 'https://github.com/acme/coder-eks-guide/edit/main/'],
      ['ssh://git@github.com/acme/coder-eks-guide.git', 'https://github.com/acme/coder-eks-guide/edit/main/'],
      ['git@gitlab.example.org:platform/docs/coder-eks-guide.git', 'https://gitlab.example.org/platform/docs/coder-eks-guide/-/edit/main/'],
      ['https://gitlab.com/acme/coder-eks-guide.git', 'https://gitlab.com/acme/coder-eks-guide/-/edit/main/'],
      ['/work/main', undefined],
      ['file:///srv/git/guide.git', undefined],
      ['https://git.internal.example/acme/guide.git', undefined],
      ['https://github.com/acme', undefined],
      ['not a url', undefined],
    ];
    for (const [remote, expected] of cases) expect(editUrlFromRemote(remote, 'main'), remote).toBe(expected);
    expect(editUrlFromRemote('git@github.com:acme/guide.git', 'release/1.2')).toBe('https://github.com/acme/guide/edit/release/1.2/');
  });

  it('never leak credentials from the remote into the page', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_]{6,30}$/), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), (secret, repo) => {
        const url = editUrlFromRemote(`https://user:${secret}@github.com/acme/${repo}.git`, 'main');
        expect(url).toBe(`https://github.com/acme/${repo}/edit/main/`);
        expect(url).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });

  it('keep the web port of an http(s) remote, encode the branch, and add where the site sits', () => {
    expect(editUrlFromRemote('https://gitlab.example:8443/acme/guide.git', 'main')).toBe('https://gitlab.example:8443/acme/guide/-/edit/main/');
    expect(editUrlFromRemote('ssh://git@gitlab.example:2222/acme/guide.git', 'main')).toBe('https://gitlab.example/acme/guide/-/edit/main/');
    expect(editUrlFromRemote('git@github.com:acme/guide.git', 'fix/#12 50%')).toBe('https://github.com/acme/guide/edit/fix/%2312%2050%25/');
    expect(editUrlFromRemote('git@github.com:acme/mono.git', 'main', 'docs-site/')).toBe('https://github.com/acme/mono/edit/main/docs-site/');
  });

  it('open the branch CI builds, or a pull or merge request\'s target', () => {
    const none = os.tmpdir();
    expect(editBranch(none, { GITHUB_ACTIONS: 'true', GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' })).toBe('main');
    expect(editBranch(none, { GITHUB_ACTIONS: 'true', GITHUB_REF_NAME: '42/merge', GITHUB_BASE_REF: 'main' })).toBe('main');
    expect(editBranch(none, { GITHUB_ACTIONS: 'true', GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1.0.0' })).toBeUndefined();
    expect(editBranch(none, { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'release' })).toBe('release');
    expect(editBranch(none, { GITLAB_CI: 'true', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_COMMIT_BRANCH: 'feature' })).toBe('main');
  });

  describe('in a real checkout', () => {
    let dir: string;
    // Hermetic: git must not find a repository above the temporary directory.
    const env = () => ({ PATH: process.env.PATH, HOME: dir, GIT_CEILING_DIRECTORIES: path.dirname(dir) });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, env: env(), stdio: 'pipe' });
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edit-url-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('give none outside a checkout, and GUIDE_EDIT_URL wins', () => {
      expect(resolveEditUrl(dir, env())).toBeUndefined();
      expect(resolveEditUrl(dir, { ...env(), GUIDE_EDIT_URL: 'https://example.com/edit/' })).toBe('https://example.com/edit/');
    });

    it('give none for a local branch the remote does not have, and the upstream\'s branch once there is one', () => {
      git('init', '-q', '-b', 'feature');
      git('remote', 'add', 'origin', 'git@github.com:acme/guide.git');
      git('commit', '-q', '--allow-empty', '-m', 'x');
      expect(resolveEditUrl(dir, env())).toBeUndefined();
      git('update-ref', 'refs/remotes/origin/trunk', 'HEAD');
      git('branch', '-q', '--set-upstream-to=origin/trunk');
      expect(resolveEditUrl(dir, env())).toBe('https://github.com/acme/guide/edit/trunk/');
      // A site kept in a subdirectory of the repository.
      fs.mkdirSync(path.join(dir, 'site'));
      expect(resolveEditUrl(path.join(dir, 'site'), env())).toBe('https://github.com/acme/guide/edit/trunk/site/');
    });
  });
});
