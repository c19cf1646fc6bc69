/**
 * Prefetch linked pages when the browser is idle, one route at a time.
 *
 * Docusaurus prefetches a route's chunks as soon as a link to it scrolls into
 * view. The guide's sidebar shows some forty links, so right after hydration
 * every one of them fires at once: one long main-thread task (about 250 ms on
 * the benchmark machine, more on a phone) that blocks input while the reader
 * starts to read. Here the same prefetches are queued and run one per idle
 * period instead. Hover and touch still preload at once (`preload` is left
 * alone), so navigation stays instant where the reader shows intent.
 *
 * `window.docusaurus` is frozen and assigned by the client entry after client
 * modules load, so the queue is installed by intercepting that assignment.
 */
type RoutePrefetcher = { prefetch: (routePath: string) => unknown; preload: (routePath: string) => unknown };

type IdleWindow = Window & {
  docusaurus?: RoutePrefetcher;
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
};

/** The longest a queued prefetch waits for an idle period. */
const IDLE_TIMEOUT_MS = 2000;

export function idlePrefetcher(api: RoutePrefetcher, whenIdle: (run: () => void) => void): RoutePrefetcher {
  const queue: string[] = [];
  const queued = new Set<string>();
  let scheduled = false;
  const drain = () => {
    scheduled = false;
    const next = queue.shift();
    if (next === undefined) return;
    queued.delete(next);
    api.prefetch(next);
    if (queue.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    whenIdle(drain);
  };
  return Object.freeze({
    preload: (routePath: string) => api.preload(routePath),
    prefetch: (routePath: string) => {
      if (!queued.has(routePath)) {
        queued.add(routePath);
        queue.push(routePath);
        schedule();
      }
      return true;
    },
  });
}

if (typeof window !== 'undefined') {
  const win = window as IdleWindow;
  const whenIdle = (run: () => void) =>
    win.requestIdleCallback ? win.requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS }) : window.setTimeout(run, 50);
  let current: RoutePrefetcher | undefined = win.docusaurus && idlePrefetcher(win.docusaurus, whenIdle);
  Object.defineProperty(window, 'docusaurus', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (api: RoutePrefetcher) => {
      current = idlePrefetcher(api, whenIdle);
    },
  });
}
