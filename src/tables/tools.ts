/**
 * The command-line tools the steps need (generated/guide/tools.json).
 * One module per artifact, so a page's bundle holds only the data its own tables show.
 */
import tools from '../../generated/guide/tools.json';
import { c, t, type Table } from './cells';

export function toolsTable(): Table {
  return {
    label: 'Command-line tools',
    header: ['Tool', 'Minimum version', 'Used for', 'Install'],
    rows: tools.map((tool) => [c(tool.commands.join(' or ')), t([tool.min ?? 'any', ...Object.entries((tool as { minFor?: Record<string, string> }).minFor ?? {}).map(([cmd, min]) => `${cmd} ${min}`)].join('; ')), t(tool.purpose), t(tool.install)]),
    notes: ['npm run guide checks the tools of every step it will run against these minimums before the first step; kubectl\'s follows the cluster version of the profile (one minor version of skew), the coder CLI\'s the coderd release the guide installs.'],
  };
}
