/**
 * A language's catalog is one folder, catalogs/<locale>/, in sections that
 * each surface loads as it needs: `common` (shared words, error messages),
 * `pane` (the Outlook task pane), `portal` and `admin` (the web portal), and
 * `server` (emails, text messages, API error details). Every message id
 * starts with its section's name.
 */
export const sections = ['common', 'pane', 'portal', 'admin', 'server'] as const;
export type Section = (typeof sections)[number];

/** The sections each surface loads. */
export const surfaceSections = {
  pane: ['common', 'pane'],
  portal: ['common', 'portal', 'admin'],
  server: ['common', 'server'],
} as const satisfies Record<string, readonly Section[]>;
