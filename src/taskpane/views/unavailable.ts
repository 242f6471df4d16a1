import type { UnavailableMethod } from '../gate/types';
import type { UserMessage } from '../../ui/errors';

/** Why a method the user has is not offered in the add-in: what the pane says. */
export const ADDIN_MAILBOX_MESSAGE =
  "Codes sent to this mailbox can't be used here: anyone who can open this mailbox could read them. Use your authenticator app, a text message or a backup code.";

export function unavailableMessage(u: UnavailableMethod): UserMessage {
  if (u.reason === 'addin_mailbox') {
    return { title: `Email codes${u.maskedDestination ? ` to ${u.maskedDestination}` : ''} are not available here`, body: ADDIN_MAILBOX_MESSAGE };
  }
  const what = u.method === 'sms' ? 'Text message codes' : u.method === 'email' ? 'Email codes' : 'Authenticator app codes';
  return { title: `${what} are turned off`, body: u.detail };
}
