import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';

/**
 * The offline search, loaded on first use. The search plugin's bar (its
 * autocomplete, its highlighter and their styles) is about 36 KB of every
 * page's main bundle; here every page ships a plain input that looks the
 * same, and the real bar is fetched when the reader points at it, focuses it,
 * presses Ctrl/⌘+K, or arrives from a search result (`?_highlight=`, whose
 * terms the real bar marks). The plain input stays in place, focused and
 * taking keys, until the real bar has arrived; then what was typed is carried
 * over and the real input takes the focus. The index itself loads on focus,
 * as it always did.
 */
type Bar = ComponentType<Record<string, unknown>>;

/** Sets an input's text the way typing does, so the bar's own onChange sees it. */
function setText(input: HTMLInputElement, text: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Hands the real bar, once mounted, the focus and what was typed: in the same commit as the swap
 * (a layout effect), so no key falls between the two inputs. The bar clears its input once just
 * after it mounts (a timer that shows a result page's highlighted terms, then a re-render that sets
 * the input's value); for the first second, a clear that does not come from the reader (no input
 * event said so) is undone at once, before another key can land.
 */
function Handover({ find, typed, focus }: { find: () => HTMLInputElement | null | undefined; typed: string; focus: boolean }): null {
  useLayoutEffect(() => {
    const input = find();
    if (!input) return undefined;
    let latest = typed;
    const track = () => {
      latest = input.value;
    };
    if (typed) setText(input, typed);
    if (focus) input.focus();
    input.addEventListener('input', track);
    const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
    Object.defineProperty(input, 'value', {
      configurable: true,
      get: () => native.get!.call(input) as string,
      set: (value: string) => {
        native.set!.call(input, value);
        if (value === '' && latest) queueMicrotask(() => setText(input, latest));
      },
    });
    const restore = () => {
      delete (input as unknown as Record<string, unknown>).value;
      input.removeEventListener('input', track);
    };
    const timer = setTimeout(restore, 1000);
    return () => {
      clearTimeout(timer);
      restore();
    };
  }, [find, typed, focus]);
  return null;
}

export default function SearchBar(props: Record<string, unknown>): ReactNode {
  const [Real, setReal] = useState<Bar | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const plain = useRef<HTMLInputElement>(null);
  const loading = useRef(false);
  const focused = useRef(false);

  const load = useCallback(() => {
    if (loading.current) return;
    loading.current = true;
    void import('@theme-original/SearchBar').then((module) => setReal(() => module.default as Bar));
  }, []);

  useEffect(() => {
    if (Real) return undefined;
    if (/[?&]_highlight=/.test(window.location.search)) load();
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        plain.current?.focus();
        load();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [Real, load]);

  const typed = useRef('');
  const find = useCallback(() => box.current?.querySelector<HTMLInputElement>('input.navbar__search-input'), []);

  return (
    <div ref={box} style={{ display: 'contents' }}>
      {Real ? (
        <>
          <Real {...props} />
          <Handover find={find} typed={typed.current} focus={focused.current} />
        </>
      ) : (
        <div className="navbar__search" style={{ marginLeft: 16 }}>
          <input
            ref={plain}
            className="navbar__search-input"
            placeholder="Search"
            aria-label="Search"
            onPointerEnter={load}
            onFocus={() => {
              focused.current = true;
              load();
            }}
            onBlur={() => {
              focused.current = false;
            }}
            onChange={(event) => {
              typed.current = event.target.value;
            }}
          />
        </div>
      )}
    </div>
  );
}
