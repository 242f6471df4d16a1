/**
 * The pane's Fluent themes: light in the first script, dark fetched only when
 * Outlook is dark (before the first render, beside the language's catalog, so
 * it adds no wait of its own; or when Outlook turns dark while the pane is open).
 */
import { webLightTheme, type Theme } from '@fluentui/react-components';

let darkTheme: Theme | null = null;
let loading: Promise<Theme> | null = null;

export function loadDarkTheme(): Promise<Theme> {
  return (loading ??= import(/* webpackChunkName: "dark-theme" */ './dark-theme.js').then((m) => (darkTheme = m.webDarkTheme)));
}

/** The theme to render now: dark once its chunk is here, light until then. */
export function themeFor(dark: boolean): Theme {
  return dark && darkTheme ? darkTheme : webLightTheme;
}

export function darkThemeLoaded(): boolean {
  return darkTheme !== null;
}
