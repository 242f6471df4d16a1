/**
 * Security notifications by email, when the user has an address: factor added,
 * removed or reset, backup codes regenerated, password changed, account locked.
 * Sent in the background (a slow mail server never holds a request); a failure
 * is logged and audited, never retried into a loop.
 */
import type { Delivery } from '../delivery';
import type { NotificationEvent } from '../delivery/messages';
import type { AuditLog } from './audit';
import type { Clock } from './clock';

export interface Recipient {
  id: string;
  org_id: string;
  email: string | null;
}

export class NotificationService {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly delivery: Delivery,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /** Queues the email and returns at once. */
  notify(user: Recipient, event: NotificationEvent): void {
    if (!user.email || !this.delivery.available.email) return;
    const email = user.email;
    const at = new Date(this.clock.now());
    const job = this.delivery
      .language(user.id)
      .then((lang) => this.delivery.email.send(this.delivery.messages.notification(email, event, at, lang)))
      .then(() => this.audit.record({ event: 'notification.sent', outcome: 'success', orgId: user.org_id, userId: user.id, detail: { kind: event.kind } }))
      .catch(async (error: unknown) => {
        this.delivery.log.error({ kind: event.kind, user: user.id, reason: error instanceof Error ? error.message : 'unknown' }, 'notification email failed');
        await this.audit.record({ event: 'notification.failed', outcome: 'failure', orgId: user.org_id, userId: user.id, detail: { kind: event.kind } }).catch(() => undefined);
      })
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** Resolves when every queued notification has been handed over (shutdown, tests). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
