/**
 * The Prism languages the site registers beyond prism-react-renderer's own
 * (which already has typescript, json and yaml; registering one twice re-walks
 * every grammar). Declared once: the site config's themeConfig.prism, the
 * build-time highlighter and the generated runner commands read it.
 */
export const ADDITIONAL_LANGUAGES = ['hcl', 'bash', 'powershell', 'docker'] as const;
