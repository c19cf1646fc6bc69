/**
 * HowToRun: the two ways to run a step, side by side. "Copy and paste" shows
 * the page's imported snippet (the children); "npm run guide" shows the
 * runner command for the same snippet and what it checks first, from the
 * runner's own step list (src/tables runnerNote, which the export uses too).
 */
import React, { useId, useRef, useState, type KeyboardEvent } from 'react';
import clsx from 'clsx';
import { useQueryString, useStorageSlot } from '@docusaurus/theme-common';
import { useScrollPositionBlocker } from '@docusaurus/theme-common/internal';
import useIsBrowser from '@docusaurus/useIsBrowser';
import CodeBlock from '@theme/CodeBlock';
import { runnerNote } from '../tables/guide-steps';

interface Props {
  step: string;
  children: React.ReactNode;
}

const TABS = [
  { value: 'copy', label: 'Copy and paste' },
  { value: 'runner', label: 'npm run guide' },
] as const;
type TabValue = (typeof TABS)[number]['value'];
const isTab = (value: string | null | undefined): value is TabValue => TABS.some((t) => t.value === value);

/**
 * The reader's choice, kept across pages and shared by every HowToRun on a page: the same
 * storage key Docusaurus's own tabs use for groupId "how-to-run".
 */
const CHOICE_KEY = 'docusaurus.tab.how-to-run';
/** A link may pick the tab: `…/deploy/network?how-to-run=runner`. */
const QUERY_KEY = 'how-to-run';

/**
 * The two tabs are this component's own rather than the theme's Tabs: those re-mount after
 * hydration (to apply a stored choice), which rebuilds the step's code block on every page
 * load. Here the server renders "Copy and paste", hydration matches it, and a stored or linked
 * choice is applied by one ordinary re-render once the page is interactive.
 */
function useChoice(): [TabValue, (value: TabValue, tab: HTMLElement | null) => void] {
  const [stored, slot] = useStorageSlot(CHOICE_KEY);
  const [query, setQuery] = useQueryString(QUERY_KEY);
  // The URL's choice counts only after hydration, which must match the server's markup.
  const isBrowser = useIsBrowser();
  // Where browser storage is unavailable the slot ignores writes; the click still counts here.
  const [clicked, setClicked] = useState<TabValue | null>(null);
  const { blockElementScrollPositionUntilNextRender } = useScrollPositionBlocker();
  const linked = isBrowser && isTab(query) ? query : null;
  const selected = linked ?? (isTab(stored) ? stored : (clicked ?? 'copy'));
  const choose = (value: TabValue, tab: HTMLElement | null) => {
    if (value === selected) return;
    // Every HowToRun on the page switches; keep the tab the reader used where it is on screen.
    if (tab) blockElementScrollPositionUntilNextRender(tab);
    setClicked(value);
    slot.set(value);
    if (linked) setQuery(value);
  };
  return [selected, choose];
}

export default function HowToRun({ step, children }: Props): React.JSX.Element {
  const note = runnerNote(step);
  const [selected, choose] = useChoice();
  const id = useId();
  const tabs = useRef<Array<HTMLLIElement | null>>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    const last = TABS.length - 1;
    const target = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(TABS[index]!.value, event.currentTarget);
    } else if (target !== undefined) {
      event.preventDefault();
      choose(TABS[target]!.value, tabs.current[target] ?? null);
      tabs.current[target]?.focus();
    }
  };
  const panel = (value: TabValue, content: React.ReactNode) => (
    <div role="tabpanel" id={`${id}-${value}`} aria-labelledby={`${id}-${value}-tab`} hidden={selected !== value}>
      {content}
    </div>
  );
  return (
    <div className="theme-tabs-container tabs-container how-to-run">
      <ul role="tablist" aria-label="How to run this step" className="tabs">
        {TABS.map((tab, index) => (
          <li
            key={tab.value}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            role="tab"
            id={`${id}-${tab.value}-tab`}
            aria-controls={`${id}-${tab.value}`}
            aria-selected={selected === tab.value}
            tabIndex={selected === tab.value ? 0 : -1}
            className={clsx('tabs__item', selected === tab.value && 'tabs__item--active')}
            onClick={(event) => choose(tab.value, event.currentTarget)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {tab.label}
          </li>
        ))}
      </ul>
      <div className="margin-top--md">
        {panel('copy', children)}
        {panel(
          'runner',
          <>
            <CodeBlock language="bash" data-highlight={note.commandHighlight}>
              {note.command}
            </CodeBlock>
            <p>{note.spans.map((span, i) => (span.code ? <code key={i}>{span.text}</code> : <React.Fragment key={i}>{span.text}</React.Fragment>))}</p>
          </>,
        )}
      </div>
    </div>
  );
}
