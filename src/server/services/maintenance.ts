/**
 * Housekeeping: rows that can no longer matter are deleted, so tables stay the
 * size of live state (spent pending tokens, long-ended sessions, stale rate
 * windows). Safe to run on every instance at once: plain conditional deletes.
 */
import type { Db } from '../db/database';
import type { Clock } from './clock';

const day = 24 * 3600_000;

export class Maintenance {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async sweep(): Promise<{ tokens: number; rateLimits: number; deliveredCodes: number; devOutbox: number; deviceChallenges: number; approvalRequests: number }> {
    const now = this.clock.now();
    // Pending tokens live minutes; sessions at most 30 days (the longest policy): a day's margin for the audit trail.
    const tokens = await this.db
      .deleteFrom('tokens')
      .where((eb) =>
        eb.or([
          eb.and([eb('kind', '=', 'pending'), eb('expires_at', '<', now - day)]),
          eb('revoked_at', '<', now - day),
          eb('created_at', '<', now - 31 * day),
        ]),
      )
      .executeTakeFirst();
    // The longest rate window is a day.
    const rateLimits = await this.db.deleteFrom('rate_limits').where('window_start', '<', now - 2 * day).executeTakeFirst();
    // SMS/email codes live at most 10 minutes; so do the development outbox's messages (they show the codes).
    const deliveredCodes = await this.db.deleteFrom('delivered_codes').where('expires_at', '<', now - day).executeTakeFirst();
    const devOutbox = await this.db.deleteFrom('dev_outbox').where('at', '<', now - 10 * 60_000).executeTakeFirst();
    // A used device challenge matters only until it would have expired anyway.
    const deviceChallenges = await this.db.deleteFrom('used_device_challenges').where('expires_at', '<', now).executeTakeFirst();
    // Approval requests live two minutes (their story is in the audit log).
    const approvalRequests = await this.db.deleteFrom('approval_requests').where('expires_at', '<', now - day).executeTakeFirst();
    return {
      tokens: Number(tokens.numDeletedRows),
      rateLimits: Number(rateLimits.numDeletedRows),
      deliveredCodes: Number(deliveredCodes.numDeletedRows),
      devOutbox: Number(devOutbox.numDeletedRows),
      deviceChallenges: Number(deviceChallenges.numDeletedRows),
      approvalRequests: Number(approvalRequests.numDeletedRows),
    };
  }

  /** Sweeps every `everyMs` in the background; the timer never keeps the process alive. */
  schedule(everyMs: number, onError: (error: unknown) => void): () => void {
    const timer = setInterval(() => this.sweep().catch(onError), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
