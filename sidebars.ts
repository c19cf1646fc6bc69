import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';

/** The reader's journey: understand → prepare → deploy → operate → reference. */
const sidebars: SidebarsConfig = {
  guide: [
    { type: 'category', label: 'Understand', collapsible: false, items: ['index', 'understand/architecture', 'understand/capacity', 'understand/cost'] },
    { type: 'category', label: 'Prepare', collapsible: false, items: ['prepare/prerequisites'] },
    {
      type: 'category',
      label: 'Deploy',
      collapsible: false,
      items: [
        'deploy/state-backend',
        'deploy/network',
        'deploy/cluster',
        'deploy/database',
        'deploy/edge',
        'deploy/iam-security',
        'deploy/install-coder',
        'deploy/identity',
        'deploy/coder-day2',
        'deploy/validate',
      ],
    },
    {
      type: 'category',
      label: 'Workspace templates',
      collapsible: false,
      items: ['templates/architecture', 'templates/toolchains', 'templates/bases', 'templates/compose-publish', 'templates/sizes-gui-gpu'],
    },
    { type: 'category', label: 'Operate', collapsible: false, items: ['operate/runbooks', 'operate/scale-testing', 'operate/alarms', 'operate/incident-response', 'operate/troubleshooting'] },
    {
      type: 'category',
      label: 'Reference',
      collapsible: false,
      items: ['reference/configuration', 'reference/example-configs', 'reference/design-decisions', 'reference/your-pipeline', 'reference/how-this-guide-is-built'],
    },
  ],
};

export default sidebars;
