/**
 * The development outbox: with no SMTP server or SMS provider configured (and
 * never in production), messages are stored in the database, readable at
 * /dev/outbox, and printed to the log — the one place a code may appear in a
 * log, because nothing is really delivered.
 */
import { newId } from '../crypto/tokens';
import type { Db } from '../db/database';
import type { DevOutboxTable } from '../db/schema';
import type { Clock } from '../services/clock';
import type { DeliveryLog, EmailMessage, EmailTransport, SmsMessage, SmsProvider } from './types';

export type OutboxEntry = DevOutboxTable;

/** Codes live 10 minutes: the outbox keeps its messages no longer than that. */
export const outboxKeepMs = 10 * 60_000;

export class DevOutbox {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: DeliveryLog,
    private readonly print: boolean,
  ) {}

  async store(entry: Omit<OutboxEntry, 'id' | 'at'>): Promise<void> {
    await this.purge();
    await this.db.insertInto('dev_outbox').values({ id: newId(), at: this.clock.now(), ...entry }).execute();
    if (this.print) {
      this.log.info(
        { devOutbox: true, channel: entry.channel, to: entry.recipient, subject: entry.subject ?? undefined, text: entry.text_body },
        'DEV OUTBOX (not delivered; development only)',
      );
    }
  }

  /** Deletes messages older than their codes' 10 minutes. */
  async purge(): Promise<void> {
    await this.db.deleteFrom('dev_outbox').where('at', '<', this.clock.now() - outboxKeepMs).execute();
  }

  /** Purges every `everyMs` in the background; the timer never keeps the process alive. Answers the stop. */
  purgeEvery(everyMs: number, onError: (error: unknown) => void): () => void {
    const timer = setInterval(() => this.purge().catch(onError), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Newest first; only messages of the last 10 minutes (older ones are deleted). */
  async list(limit = 50): Promise<OutboxEntry[]> {
    await this.purge();
    return this.db.selectFrom('dev_outbox').selectAll().orderBy('at', 'desc').orderBy('id').limit(limit).execute();
  }

  async clear(): Promise<void> {
    await this.db.deleteFrom('dev_outbox').execute();
  }

  email(): EmailTransport {
    return {
      name: 'dev-outbox',
      send: (m: EmailMessage) => this.store({ channel: 'email', recipient: m.to, subject: m.subject, text_body: m.text, html_body: m.html }),
    };
  }

  sms(): SmsProvider {
    return {
      name: 'dev-outbox',
      send: (m: SmsMessage) => this.store({ channel: 'sms', recipient: m.to, subject: null, text_body: m.body, html_body: null }),
    };
  }
}
