/**
 * HowToRun: the two ways to run a step, side by side. "Copy and paste" shows
 * the page's imported snippet (the children); "npm run guide" shows the
 * runner command for the same snippet, from the runner's own step list
 * (generated/guide/steps.json), with what it checks first.
 */
import React from 'react';
import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';
import CodeBlock from '@theme/CodeBlock';
import steps from '../../generated/guide/steps.json';

interface Props {
  step: string;
  children: React.ReactNode;
}

export default function HowToRun({ step, children }: Props): React.JSX.Element {
  const s = steps.find((x) => x.id === step);
  if (!s) throw new Error(`HowToRun: no runner step "${step}" in generated/guide/steps.json`);
  const checks = [`${s.tools.join(', ')} on PATH at the guide's minimum versions`, s.aws ? 'AWS credentials for the deployment\'s account' : '', s.coder ? 'CODER_URL and CODER_SESSION_TOKEN' : ''].filter(Boolean);
  return (
    <Tabs groupId="how-to-run" queryString>
      <TabItem value="copy" label="Copy and paste" default>
        {children}
      </TabItem>
      <TabItem value="runner" label="npm run guide">
        <CodeBlock language="bash">{`npm run guide -- run --only ${s.id}`}</CodeBlock>
        <p>
          Step {s.n} of {steps.length} runs <code>{[s.snippet, ...(s.args ?? [])].join(' ')}</code>, the same file as the other tab, after checking {checks.join('; ')}.
          {s.changes ? <> It {s.changes}, so it asks first unless you pass <code>--yes</code>.</> : ' It changes nothing.'}
          {s.retry ? ` A failure is retried ${s.retry.attempts - 1 === 1 ? 'once' : `${s.retry.attempts - 1} times`}, waiting ${s.retry.backoffSeconds} s and doubling.` : ''} Progress is kept in <code>.guide/</code>: <code>npm run guide -- run</code> resumes where a run stopped.
        </p>
      </TabItem>
    </Tabs>
  );
}
