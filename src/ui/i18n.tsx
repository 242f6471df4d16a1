/**
 * React side of the shared i18n runtime: re-render on a language change, and
 * messages with elements inside (a link, bold text) without splitting sentences.
 */
import { Fragment, useSyncExternalStore, type ReactNode } from 'react';
import { currentLocale, onLocaleChange, t } from '../shared/i18n/runtime';
import type { MessageId } from '../shared/i18n/message-ids';

/** The active language; the calling component renders again when it changes. */
export function useLocale(): string {
  return useSyncExternalStore(onLocaleChange, currentLocale);
}

const slot = (index: number) => `\u0000${index}\u0000`;

/**
 * The message with some placeholders filled by elements:
 * `<Message id="portal.help" values={{ link: <a href="…">{t('portal.helpLink')}</a> }} />`
 * for "Read {link} first". Text and numbers are formatted as with `t`.
 */
export function Message({ id, values = {} }: { id: MessageId; values?: Record<string, ReactNode> }) {
  const elements: ReactNode[] = [];
  const plain: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' || typeof value === 'number') plain[name] = value;
    else {
      plain[name] = slot(elements.length);
      elements.push(value);
    }
  }
  const parts = t(id, plain).split(/\u0000(\d+)\u0000/);
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <Fragment key={i}>{elements[Number(part)]}</Fragment> : part ? <Fragment key={i}>{part}</Fragment> : null))}
    </>
  );
}
