/** The site's own client code: idle prefetching and the last-updated date. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idlePrefetcher } from '../../src/client/idle-prefetch.js';
import { formatUtcDate } from '../../src/format/date.js';

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
