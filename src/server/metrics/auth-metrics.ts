/**
 * The product's Prometheus metrics, in a registry of their own (one per app,
 * so tests and several apps in one process never share counters). Labels are
 * bounded sets only: a step, a method, an outcome, a channel, a route pattern;
 * never a username, an address or an id.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditEntry } from '../services/audit';

/** What a pg.Pool tells about itself (PostgreSQL only; SQLite has one connection and no pool). */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

const methods = new Set(['totp', 'sms', 'email', 'backup_code', 'passkey', 'webauthn']);
const channels = new Set(['sms', 'email']);

/** An unknown value from a detail field becomes "other": a label never grows without bound. */
function bounded(value: unknown, allowed: Set<string>): string {
  return typeof value === 'string' && allowed.has(value) ? value : 'other';
}

export class AuthMetrics {
  readonly registry = new Registry();
  private readonly signIns = new Counter({ name: 'axis_sign_ins_total', help: 'Sign-in steps by step (password, device, second_factor) and outcome.', labelNames: ['step', 'outcome'], registers: [this.registry] });
  private readonly factorChecks = new Counter({ name: 'axis_second_factor_checks_total', help: 'Second-factor code checks by method and outcome (success, wrong, replay, throttled).', labelNames: ['method', 'outcome'], registers: [this.registry] });
  private readonly lockouts = new Counter({ name: 'axis_lockouts_total', help: 'Accounts locked after too many wrong second-factor codes.', registers: [this.registry] });
  private readonly codesSent = new Counter({ name: 'axis_codes_sent_total', help: 'Verification codes handed to a delivery channel.', labelNames: ['channel'], registers: [this.registry] });
  private readonly deliveryFailures = new Counter({ name: 'axis_delivery_failures_total', help: 'Messages (codes and security notifications) a channel failed to deliver.', labelNames: ['channel', 'kind'], registers: [this.registry] });
  private readonly sessionsCreated = new Counter({ name: 'axis_sessions_created_total', help: 'Sessions created (a completed sign-in).', registers: [this.registry] });
  private readonly sessionsRevoked = new Counter({ name: 'axis_sessions_revoked_total', help: 'Sessions ended before their time, by reason (sign_out, revoked, password_changed, ...).', labelNames: ['reason'], registers: [this.registry] });
  private readonly rateLimited = new Counter({ name: 'axis_sign_in_rate_limited_total', help: 'Sign-in attempts refused by the address or account rate limit.', registers: [this.registry] });
  readonly httpDuration = new Histogram({
    name: 'axis_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(options: { pool?: () => PoolStats | null; defaults?: boolean } = {}) {
    if (options.defaults !== false) collectDefaultMetrics({ register: this.registry });
    const pool = options.pool;
    if (pool) {
      new Gauge({
        name: 'axis_db_pool_connections',
        help: 'Database pool connections by state (total, idle, waiting requests).',
        labelNames: ['state'],
        registers: [this.registry],
        collect() {
          const stats = pool();
          if (!stats) return;
          this.set({ state: 'total' }, stats.totalCount);
          this.set({ state: 'idle' }, stats.idleCount);
          this.set({ state: 'in_use' }, stats.totalCount - stats.idleCount);
          this.set({ state: 'waiting' }, stats.waitingCount);
        },
      });
    }
  }

  /** Every auth event passes through the audit log; the counters are read from its entries. */
  observe(entry: AuditEntry): void {
    const detail = entry.detail ?? {};
    const step = entry.event.split('.', 2)[1] ?? 'other';
    switch (entry.event) {
      case 'sign_in.password':
      case 'sign_in.device':
        this.signIns.inc({ step, outcome: entry.outcome === 'success' ? 'success' : 'failure' });
        return;
      case 'sign_in.rate_limited':
        this.rateLimited.inc();
        this.signIns.inc({ step: 'password', outcome: 'rate_limited' });
        return;
      case 'second_factor.success':
      case 'backup_code.used':
        this.factorChecks.inc({ method: bounded(detail.method, methods), outcome: 'success' });
        if (detail.purpose === 'sign_in') this.signIns.inc({ step: 'second_factor', outcome: 'success' });
        return;
      case 'second_factor.failure':
        this.factorChecks.inc({ method: bounded(detail.method, methods), outcome: detail.reason === 'replay' ? 'replay' : 'wrong' });
        if (detail.purpose === 'sign_in') this.signIns.inc({ step: 'second_factor', outcome: 'failure' });
        return;
      case 'second_factor.throttled':
        this.factorChecks.inc({ method: bounded(detail.method, methods), outcome: 'throttled' });
        if (detail.purpose === 'sign_in') this.signIns.inc({ step: 'second_factor', outcome: 'throttled' });
        return;
      case 'account.locked':
        this.lockouts.inc();
        return;
      case 'code.sent':
        this.codesSent.inc({ channel: bounded(detail.kind, channels) });
        return;
      case 'code.delivery_failed':
        this.deliveryFailures.inc({ channel: bounded(detail.kind, channels), kind: 'code' });
        return;
      case 'notification.failed':
        this.deliveryFailures.inc({ channel: 'email', kind: 'notification' });
        return;
      case 'session.created':
        this.sessionsCreated.inc();
        return;
      case 'session.signed_out':
        this.sessionsRevoked.inc({ reason: 'sign_out' });
        return;
      case 'session.revoked':
        this.sessionsRevoked.inc({ reason: 'revoked' });
        return;
      case 'session.revoked_others':
        this.sessionsRevoked.inc({ reason: 'revoked' }, typeof detail.count === 'number' ? detail.count : 0);
        return;
      case 'password.changed':
        if (typeof detail.sessions_ended === 'number') this.sessionsRevoked.inc({ reason: 'password_changed' }, detail.sessions_ended);
        return;
    }
  }
}
