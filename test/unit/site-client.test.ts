/** The site's own code: idle prefetching, the last-updated date, edit links. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idlePrefetcher } from '../../src/client/idle-prefetch.js';
import { formatUtcDate } from '../../src/format/date.js';
import { editUrlFromRemote, resolveEditUrl } from '../../src/site/edit-url.js';

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
  it('reads the same as the theme\'s en formatter in UTC, for any date (1000 cases)', () => {
    const intl = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const parts = Object.fromEntries(intl.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
        expect(formatUtcDate(ms)).toBe(`${parts.day} ${parts.month} ${parts.year}`);
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

  it('prefer GUIDE_EDIT_URL, and give none outside a checkout', () => {
    expect(resolveEditUrl(os.tmpdir(), { GUIDE_EDIT_URL: 'https://example.com/edit/' })).toBe('https://example.com/edit/');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edit-url-'));
    try {
      expect(resolveEditUrl(dir, {})).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
