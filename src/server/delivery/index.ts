/**
 * Delivery: one email transport and one SMS provider, picked from the
 * settings (SMTP / Twilio-style REST / development outbox / off).
 */
import type { Db } from '../db/database';
import type { Clock } from '../services/clock';
import type { DeliverySettings } from './config';
import { Messages, type MessageLanguage, type MessageSettings } from './messages';
import { recipientLanguage } from './language';
import { DevOutbox } from './outbox';
import { SmtpTransport } from './smtp';
import { TwilioSmsProvider } from './twilio';
import { DeliveryError, silentLog, type DeliveryLog, type EmailTransport, type SmsProvider } from './types';

export * from './types';
export type { DeliverySettings } from './config';

export interface Delivery {
  email: EmailTransport;
  sms: SmsProvider;
  /** Present when at least one channel goes to the development outbox. */
  outbox: DevOutbox | null;
  messages: Messages;
  /** The language and time zone a user's messages are written in. */
  language(userId: string): Promise<MessageLanguage>;
  /** False when the channel is off (production without settings): enrollment in it is refused. */
  available: { email: boolean; sms: boolean };
  log: DeliveryLog;
  close(): void;
}

export interface DeliveryOptions {
  settings: DeliverySettings;
  db: Db;
  clock: Clock;
  log?: DeliveryLog;
  messages?: MessageSettings;
  fetch?: typeof fetch;
}

const off = (channel: string) => ({
  name: 'off',
  send: async () => {
    throw new DeliveryError(`${channel} delivery is not configured on this server`, true);
  },
});

export function createDelivery(options: DeliveryOptions): Delivery {
  const { settings, db, clock } = options;
  const log = options.log ?? silentLog;
  const usesOutbox = settings.email.kind === 'outbox' || settings.sms.kind === 'outbox';
  const printOutbox =
    (settings.email.kind === 'outbox' && settings.email.log) || (settings.sms.kind === 'outbox' && settings.sms.log);
  const outbox = usesOutbox ? new DevOutbox(db, clock, log, printOutbox) : null;
  // Outbox messages show codes: deleted once their 10 minutes are over, even if nobody reads the outbox.
  const stopPurging = outbox?.purgeEvery(60_000, (error) => log.warn({ err: error }, 'dev outbox purge failed'));
  const email: EmailTransport =
    settings.email.kind === 'smtp' ? new SmtpTransport(settings.email) : settings.email.kind === 'outbox' ? outbox!.email() : off('Email');
  const sms: SmsProvider =
    settings.sms.kind === 'twilio' ? new TwilioSmsProvider(settings.sms, options.fetch) : settings.sms.kind === 'outbox' ? outbox!.sms() : off('SMS');
  return {
    email,
    sms,
    outbox,
    messages: new Messages(options.messages ?? { publicUrl: 'https://localhost:3000', supportPhone: '1-866-232-2211' }),
    language: (userId) => recipientLanguage(db, userId),
    available: { email: settings.email.kind !== 'off', sms: settings.sms.kind !== 'off' },
    log,
    close: () => {
      stopPurging?.();
      email.close?.();
    },
  };
}
