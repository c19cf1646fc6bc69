import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';

/** The reader's journey: understand → prepare → deploy → operate → reference. */
const sidebars: SidebarsConfig = {
  guide: [
    { type: 'category', label: 'Understand', collapsible: false, items: ['index'] },
    { type: 'category', label: 'Deploy', collapsible: false, items: ['deploy/state-backend'] },
    { type: 'category', label: 'Reference', collapsible: false, items: ['reference/how-this-guide-is-built'] },
  ],
};

export default sidebars;
