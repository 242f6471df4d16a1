/**
 * How the portal keeps a message for later: pages keep descriptors (ids and
 * values) or API errors in their state and translate them at render, so a
 * language change shows at once. `shown` turns either into what
 * ErrorMessageBar displays.
 */
import type { MessageDescriptor, MessageId, MessageValues } from '../shared/i18n/message-ids';
import { tm } from '../shared/i18n/runtime';
import type { ErrorLike, UserMessage } from '../ui/errors';

/** A notice written by the portal itself: a title and an optional body, both still untranslated. */
export interface Said {
  said: { title: MessageDescriptor; body?: MessageDescriptor };
}

export function say(title: MessageId, body?: MessageId, values?: MessageValues): Said {
  return { said: { title: { id: title, values }, ...(body ? { body: { id: body, values } } : {}) } };
}

/** An error or a notice as ErrorMessageBar takes it, in the active language. */
export function shown(message: Said | ErrorLike | UserMessage | null | undefined): ErrorLike | UserMessage | null {
  if (!message) return null;
  if ('said' in message) return { title: tm(message.said.title), body: message.said.body ? tm(message.said.body) : '' };
  return message;
}

/**
 * A wrong code's advice fitting the method used: the shared message speaks of
 * the authenticator app, which is wrong after a backup code or a texted or
 * emailed code. Locks (retryAfter) and other errors keep the shared wording.
 */
export function codeError(error: ErrorLike, method: string | undefined): Said | ErrorLike {
  if (error.code !== 'invalid_code' || error.retryAfter) return error;
  if (method === 'backup_code') return say('common.error.invalidCode.title', 'portal.code.backupWrong');
  if (method === 'sms' || method === 'email') return say('common.error.invalidCode.title', 'portal.code.deliveredWrong');
  return error;
}
