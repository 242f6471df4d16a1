import type { Locale } from '../../shared/i18n/locales';
/** The audit log: who did what, when, from which client and address. Never a code, secret or token. */
import type { Db } from '../db/database';
import { prepared, PreparedByCount } from '../db/prepared';
import type { Clock } from './clock';

export interface AuditEntry {
  event: string;
  outcome: 'success' | 'failure' | 'info';
  orgId?: string | null;
  userId?: string | null;
  actorId?: string | null;
  clientType?: string | null;
  ip?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

/** Where a request came from, passed into every service call that audits. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  clientType?: string | null;
  /** The language the client reads (Accept-Language): for human text in an answer, e.g. an ended approval. */
  locale?: Locale;
}

export const cliContext: RequestContext = { ip: null, userAgent: 'admin-cli', clientType: null };

const auditColumns = ['at', 'org_id', 'user_id', 'actor_id', 'event', 'outcome', 'client_type', 'ip', 'detail'] as const;
type AuditColumn = (typeof auditColumns)[number];

export class AuditLog {
  /** Told of every entry once it is written (the metrics count auth events here). Must not throw. */
  readonly listeners: ((entry: AuditEntry) => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** One INSERT of n rows, compiled once per n (a request writes 1–3 entries). */
  private readonly inserts = new PreparedByCount((count) => {
    const names = Array.from({ length: count }, (_, i) => auditColumns.map((c) => `${c}${i}`)).flat();
    return prepared(names, (db, $) =>
      db.insertInto('audit_events').values(Array.from({ length: count }, (_, i) => Object.fromEntries(auditColumns.map((c) => [c, $(`${c}${i}`)])) as Record<AuditColumn, never>)),
    );
  });

  async record(entry: AuditEntry): Promise<void> {
    await this.recordAll([entry]);
  }

  /** Several events of one request in one INSERT; `db` may be a transaction the events belong to. */
  async recordAll(entries: AuditEntry[], db: Db = this.db): Promise<void> {
    if (entries.length === 0) return;
    const at = this.clock.now();
    const values: Record<string, unknown> = {};
    entries.forEach((entry, i) => {
      const row: Record<AuditColumn, unknown> = {
        at,
        org_id: entry.orgId ?? null,
        user_id: entry.userId ?? null,
        actor_id: entry.actorId ?? entry.userId ?? null,
        event: entry.event,
        outcome: entry.outcome,
        client_type: entry.clientType ?? null,
        ip: entry.ip ?? null,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
      };
      for (const column of auditColumns) values[`${column}${i}`] = row[column];
    });
    await this.inserts.for(entries.length).run(db, values);
    for (const entry of entries) for (const listener of this.listeners) listener(entry);
  }
}
