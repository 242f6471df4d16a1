// Fluent's dark theme, in its own chunk: most panes open light. From its own package, since through the
// react-components barrel (which the first script loads) it would stay in the first script.
export { webDarkTheme } from '@fluentui/react-theme';
