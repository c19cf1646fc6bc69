/** A table that may be wider than the page scrolls inside a labelled, keyboard-focusable region. */
import React from 'react';

export default function ScrollRegion({ label, children }: { label: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="table-scroll">
      {children}
    </div>
  );
}
