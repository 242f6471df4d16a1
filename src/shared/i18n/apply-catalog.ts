/** Browser side: makes loaded messages the active language and tells the page (`<html lang dir>`). */
import type { Messages } from '@lingui/core';
import { activate } from './runtime';
import { isRightToLeft, type Locale } from './locales';

export type Chunk = Promise<{ default: object }[]>;

export async function loadInto(locale: Locale, chunk: () => Chunk): Promise<void> {
  const parts = await chunk();
  activate(locale, Object.assign({}, ...parts.map((p) => p.default)) as Messages);
  document.documentElement.lang = locale;
  document.documentElement.dir = isRightToLeft(locale) ? 'rtl' : 'ltr';
}
