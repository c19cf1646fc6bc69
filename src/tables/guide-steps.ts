/**
 * The runner's steps and what running one does (generated/guide/steps.json).
 * One module per artifact, so a page's bundle holds only the data its own tables show.
 */
import steps from '../../generated/guide/steps.json';
import { c, t, type Cell, type Table } from './cells';

export function guideStepsTable(): Table {
  return {
    label: 'The steps of npm run guide',
    header: ['Step', 'Id', 'What it does', 'Changes', 'Retries', 'Time limit'],
    rows: steps.map((step) => [
      t(step.n),
      c(step.id),
      t(step.title),
      t(step.changes ?? 'nothing (reads and checks)'),
      t(step.retry ? `${step.retry.attempts - 1}, after ${step.retry.backoffSeconds} s, doubling` : 'none'),
      t(`${step.timeoutMinutes} min`),
    ]),
  };
}

/**
 * What running a step with `npm run guide` does, as text and code spans: the HowToRun tab shows it
 * under the command, and the Markdown export after the copy-and-paste block.
 */
export function runnerNote(stepId: string): { command: string; commandHighlight: string; spans: Cell[] } {
  const s = steps.find((x) => x.id === stepId);
  if (!s) throw new Error(`no runner step "${stepId}" in generated/guide/steps.json`);
  const checks = [`${s.tools.join(', ')} on PATH at the guide's minimum versions`, s.aws ? "AWS credentials for the deployment's account" : '', s.coder ? 'CODER_URL and CODER_SESSION_TOKEN' : ''].filter(Boolean);
  const retries = s.retry ? s.retry.attempts - 1 : 0;
  const spans: Cell[] = [
    t(`Step ${s.n} of ${steps.length} runs `),
    c([s.snippet, ...(s.args ?? [])].join(' ')),
    t(`, the same file as the copy-and-paste block, after checking ${checks.join('; ')}.`),
    ...(s.changes ? [t(` It ${s.changes}, so it asks first unless you pass `), c('--yes'), t('.')] : [t(' It changes nothing.')]),
    ...(s.retry ? [t(` A failure is retried ${retries === 1 ? 'once' : `${retries} times`}, waiting ${s.retry.backoffSeconds} s and doubling.`)] : []),
    t(' Progress is kept in '),
    c('.guide/'),
    t(': '),
    c(s.resume),
    t(' resumes where a run stopped.'),
  ];
  return { command: s.command, commandHighlight: s.commandHighlight, spans };
}
