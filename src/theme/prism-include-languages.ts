/**
 * The theme registers `additionalLanguages` on the browser's Prism here. This
 * site highlights at build time (src/code-highlight), where the languages are
 * registered, and ships no Prism to the browser, so there is nothing to do.
 */
export default function prismIncludeLanguages(): void {}
