/**
 * Message ids, typed from the English catalog: `t('pane.code.title')` does not
 * compile when the id is not in catalogs/en, so no extraction step is needed
 * to keep the code and the catalog in step (the catalog test checks the rest).
 */
import type common from './catalogs/en/common.json';
import type pane from './catalogs/en/pane.json';
import type portal from './catalogs/en/portal.json';
import type admin from './catalogs/en/admin.json';
import type server from './catalogs/en/server.json';

export type MessageId = keyof typeof common | keyof typeof pane | keyof typeof portal | keyof typeof admin | keyof typeof server;

/** Values for a message's placeholders: text or numbers (plural, select). */
export type MessageValues = Record<string, string | number>;

/** A message to show later, in whatever language is active then. */
export interface MessageDescriptor {
  id: MessageId;
  values?: MessageValues;
}
