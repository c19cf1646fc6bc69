/**
 * The site's code colours, declared once: Visual Studio's light and dark
 * themes as one theme of CSS variables (src/prism/css-variable-theme.ts). The config
 * gives the theme to Docusaurus; the build-time-highlight plugin writes the
 * CSS into every page's head.
 */
import { themes } from 'prism-react-renderer';
import { cssVariableTheme } from '../../prism/css-variable-theme';

// Token colours with at least 4.5:1 contrast on the code background (axe runs in the tests), the
// light and dark palettes switched by CSS rather than by re-rendering every code block.
export const siteColours = cssVariableTheme(themes.vsLight, themes.vsDark);
