import type { ReactNode } from 'react';
import type { Props } from '@theme/LastUpdated';
import { ThemeClassNames } from '@docusaurus/theme-common';
import { formatUtcDate } from '../../format/date';

/** The page's last-updated line (theme override: date from git, no author). */
export default function LastUpdated({ lastUpdatedAt }: Props): ReactNode {
  if (!lastUpdatedAt) return null;
  const iso = new Date(lastUpdatedAt).toISOString();
  return (
    <span className={ThemeClassNames.common.lastUpdated}>
      Last updated on{' '}
      <b>
        <time dateTime={iso} itemProp="dateModified">
          {formatUtcDate(lastUpdatedAt)}
        </time>
      </b>
    </span>
  );
}
