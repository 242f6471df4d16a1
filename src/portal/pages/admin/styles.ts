/**
 * Layout the admin pages share so that longer languages fit: any word (a long
 * German compound, an email address) may break rather than widen the page,
 * and wide tables scroll inside their own box at 320 px.
 */
import { makeStyles } from '@fluentui/react-components';

export const useAdminStyles = makeStyles({
  /** On a page's card: text wraps anywhere it must; the card may shrink below its content's longest word. */
  wrap: { overflowWrap: 'anywhere', minWidth: 0 },
  /** A fieldset is as wide as its content by default (min-inline-size: min-content); let it shrink. */
  fieldset: { minWidth: 0 },
  /** A table wider than the window scrolls in its own box; the page does not. */
  scroller: { overflowX: 'auto', maxWidth: '100%' },
  /** Columns size to their content, down to a readable minimum (then the scroller takes over). */
  table: { tableLayout: 'auto', minWidth: '720px' },
});
