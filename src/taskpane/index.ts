/**
 * Task pane entry. The pane's script (pane.tsx: eagerly imported, so in this
 * same file, not a chunk of its own) is evaluated one task later: when Office
 * is already ready, the boot module's device sign-in (waiting on
 * Office.onReady) then sends its request before that long evaluation instead
 * of after it. Where Office takes longer (Outlook), nothing waits for it.
 */
setTimeout(() => void import(/* webpackMode: "eager" */ './pane.js').then((pane) => pane.main()), 0);
