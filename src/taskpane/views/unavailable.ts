import type { UnavailableMethod } from '../gate/types';
import type { UserMessage } from '../../ui/errors';
import { t } from '../../shared/i18n/runtime';

export function unavailableMessage(u: UnavailableMethod): UserMessage {
  if (u.reason === 'addin_mailbox') {
    return {
      title: u.maskedDestination ? t('pane.unavailable.mailbox.titleTo', { destination: u.maskedDestination }) : t('pane.unavailable.mailbox.title'),
      body: t('pane.unavailable.mailbox.body'),
    };
  }
  return { title: t('pane.unavailable.off', { method: u.method }), body: u.detail };
}
