/**
 * What an org admin reads in the portal: the org's policy with its enrollment
 * count, the user list with 2FA status, a user's devices, and the audit log.
 * Every query is scoped to one organization: another org's user is "not found".
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AdminPolicyResponse, AdminUser, AdminUsersQuery, AdminUsersResponse, AuditEventInfo } from '../../shared/admin-schemas';
import type { FactorKind } from '../../shared/schemas';
import type { Db } from '../db/database';
import type { Clock } from './clock';
import { notFound } from './errors';
import { policyFromRow } from './policy';
import { iso } from './tokens';

export interface Page {
  offset: number;
  limit: number;
}

export const userPageDefault = 25;
export const userPageMax = 100;
export const auditPageDefault = 50;
export const auditPageMax = 200;
/** The CSV export's ceiling; narrow the filters for more. */
export const auditExportMax = 10_000;

export function page(offset: string | undefined, limit: string | undefined, def: number, max: number): Page {
  const o = offset === undefined ? 0 : Number(offset);
  const l = limit === undefined ? def : Number(limit);
  return { offset: Math.max(0, o), limit: Math.min(max, Math.max(1, l)) };
}

/** "50%_off" → "50\%\_off": a search term matched literally inside LIKE. */
export function likeContains(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const lowerLike = (column: string, pattern: string) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;

export interface AuditFilters {
  userId?: string;
  user?: string;
  event?: string;
  fromMs?: number;
  toMs?: number;
}

export class AdminQueries {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async policy(orgId: string): Promise<AdminPolicyResponse> {
    const org = await this.db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
    if (!org) throw notFound('organization');
    const policy = policyFromRow(org);
    const counts = await this.db
      .selectFrom('users')
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.not(eb.exists(this.activeFactorOf(eb.ref('users.id'), policy.passkeysAllowed))))
              .then(1)
              .else(0)
              .end(),
          )
          .as('not_enrolled'),
      ])
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return {
      policy: {
        require2fa: policy.require2fa,
        allowedMethods: policy.allowedMethods,
        sessionMaxAgeSeconds: policy.sessionMaxAgeSeconds,
        sessionIdleSeconds: policy.sessionIdleSeconds,
        allowEmailToAddinMailbox: policy.allowEmailToAddinMailbox,
        passkeysAllowed: policy.passkeysAllowed,
        requireAdminPasskey: policy.requireAdminPasskey,
        defaultLocale: policy.defaultLocale ?? 'en',
      },
      notEnrolledCount: Number(counts?.not_enrolled ?? 0),
      userCount: Number(counts?.total ?? 0),
    };
  }

  /** An active code method, or (where the org allows passkeys) a passkey: the user has a second factor. */
  private activeFactorOf(userId: Expression<string>, passkeys: boolean) {
    const codes = this.db.selectFrom('factors').select('factors.id').where('factors.user_id', '=', userId).where('factors.status', '=', 'active');
    return passkeys ? codes.union(this.db.selectFrom('passkeys').select('passkeys.id').where('passkeys.user_id', '=', userId)) : codes;
  }

  private async passkeysAllowed(orgId: string): Promise<boolean> {
    const org = await this.db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
    return org ? policyFromRow(org).passkeysAllowed : false;
  }

  async users(orgId: string, query: AdminUsersQuery): Promise<AdminUsersResponse> {
    const { offset, limit } = page(query.offset, query.limit, userPageDefault, userPageMax);
    const now = this.clock.now();
    const passkeys = await this.passkeysAllowed(orgId);
    let base = this.db.selectFrom('users').where('users.org_id', '=', orgId);
    const q = query.q?.trim();
    if (q) {
      const pattern = likeContains(q);
      base = base.where((eb) => eb.or([lowerLike('users.username', pattern), lowerLike('users.display_name', pattern), lowerLike('users.email', pattern)]));
    }
    switch (query.status ?? 'all') {
      case 'enrolled':
        base = base.where((eb) => eb.exists(this.activeFactorOf(eb.ref('users.id'), passkeys)));
        break;
      case 'not_enrolled':
        base = base.where((eb) => eb.not(eb.exists(this.activeFactorOf(eb.ref('users.id'), passkeys))));
        break;
      case 'locked':
        base = base.where('users.lock_until', '>', now);
        break;
    }
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await base.selectAll('users').orderBy('users.username').limit(limit).offset(offset).execute();
    return { users: await this.describe(rows, passkeys), total: Number(total?.n ?? 0), offset, limit };
  }

  /** One user of this org, or 404 (also for another org's user: no hint that the id exists). */
  async user(orgId: string, userId: string): Promise<AdminUser> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', userId).where('org_id', '=', orgId).executeTakeFirst();
    if (!row) throw notFound('user');
    return (await this.describe([row], await this.passkeysAllowed(orgId)))[0]!;
  }

  private async describe(rows: { id: string; username: string; display_name: string; email: string | null; role: 'admin' | 'user'; lock_until: number; last_sign_in_at: number | null; created_at: number }[], passkeysAllowed: boolean): Promise<AdminUser[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    // A passkey is a second factor too (where the org allows passkeys).
    const withPasskey = new Set(passkeysAllowed ? (await this.db.selectFrom('passkeys').select('user_id').where('user_id', 'in', ids).execute()).map((p) => p.user_id) : []);
    const factors = await this.db.selectFrom('factors').select(['user_id', 'kind']).where('user_id', 'in', ids).where('status', '=', 'active').execute();
    const codes = await this.db
      .selectFrom('backup_codes')
      .select((eb) => ['user_id', eb.fn.countAll<number>().as('n')])
      .where('user_id', 'in', ids)
      .where('used_at', 'is', null)
      .groupBy('user_id')
      .execute();
    const now = this.clock.now();
    return rows.map((r) => {
      const methods = [...new Set(factors.filter((f) => f.user_id === r.id).map((f) => f.kind as FactorKind))].sort();
      const locked = r.lock_until > now;
      return {
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        email: r.email,
        role: r.role,
        twoFactorEnabled: methods.length > 0 || withPasskey.has(r.id),
        methods,
        backupCodesLeft: Number(codes.find((c) => c.user_id === r.id)?.n ?? 0),
        locked,
        lockedUntil: locked ? iso(r.lock_until) : null,
        lastSignInAt: r.last_sign_in_at === null ? null : iso(r.last_sign_in_at),
        createdAt: iso(r.created_at),
      };
    });
  }

  /** The audit log of one org, newest first. */
  async audit(orgId: string, filters: AuditFilters, { offset, limit }: Page): Promise<{ events: AuditEventInfo[]; total: number }> {
    const base = this.auditBase(orgId, filters);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await base
      .select([
        'audit_events.id',
        'audit_events.at',
        'audit_events.event',
        'audit_events.outcome',
        'audit_events.user_id',
        'audit_events.actor_id',
        'audit_events.client_type',
        'audit_events.ip',
        'audit_events.detail',
        'subject.username as username',
        'actor.username as actor_username',
      ])
      .orderBy('audit_events.at', 'desc')
      .orderBy('audit_events.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return {
      total: Number(total?.n ?? 0),
      events: rows.map((r) => ({
        id: Number(r.id),
        at: iso(r.at),
        event: r.event,
        outcome: r.outcome,
        userId: r.user_id,
        username: r.username ?? null,
        actorId: r.actor_id,
        actorUsername: r.actor_username ?? null,
        clientType: r.client_type,
        ip: r.ip,
        detail: parseDetail(r.detail),
      })),
    };
  }

  private auditBase(orgId: string, filters: AuditFilters) {
    let base = this.db
      .selectFrom('audit_events')
      .leftJoin('users as subject', 'subject.id', 'audit_events.user_id')
      .leftJoin('users as actor', 'actor.id', 'audit_events.actor_id')
      .where('audit_events.org_id', '=', orgId);
    if (filters.userId) {
      const userId = filters.userId;
      base = base.where((eb) => eb.or([eb('audit_events.user_id', '=', userId), eb('audit_events.actor_id', '=', userId)]));
    }
    const user = filters.user?.trim();
    if (user) {
      const pattern = likeContains(user);
      base = base.where((eb) => eb.or([lowerLike('subject.username', pattern), lowerLike('actor.username', pattern)]));
    }
    if (filters.event) {
      const event = filters.event;
      // "admin." (or any name ending in a dot) means every event of that family.
      // ESCAPE spelled out: PostgreSQL escapes with \ by default, SQLite only when told (else "sign_in." matched nothing there).
      base = event.endsWith('.')
        ? base.where(sql<SqlBool>`${sql.ref('audit_events.event')} like ${`${event.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`)
        : base.where('audit_events.event', '=', event);
    }
    if (filters.fromMs !== undefined) base = base.where('audit_events.at', '>=', filters.fromMs);
    if (filters.toMs !== undefined) base = base.where('audit_events.at', '<=', filters.toMs);
    return base;
  }

  /** The user's id and epoch, when they belong to this org (404 otherwise). */
  async userInOrg(orgId: string, userId: string): Promise<{ id: string; credential_epoch: number }> {
    const user = await this.db.selectFrom('users').select(['id', 'credential_epoch']).where('id', '=', userId).where('org_id', '=', orgId).executeTakeFirst();
    if (!user) throw notFound('user');
    return user;
  }
}

function parseDetail(raw: string | null): AuditEventInfo['detail'] {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: AuditEventInfo['detail'] = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value as string | number | boolean | null;
    }
    return out;
  } catch {
    return {};
  }
}

const csvColumns = ['time', 'event', 'outcome', 'user', 'actor', 'client', 'ip', 'detail'] as const;

/** One CSV cell: quoted when needed, and never a spreadsheet formula (CSV injection). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(events: AuditEventInfo[]): string {
  const lines = [csvColumns.join(',')];
  for (const e of events) {
    const detail = Object.entries(e.detail)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('; ');
    lines.push([e.at, e.event, e.outcome, e.username ?? e.userId, e.actorUsername ?? e.actorId, e.clientType, e.ip, detail].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
