/**
 * "Approve with a passkey in your browser": the Outlook add-in's pending sign-in is finished in the system
 * browser, where WebAuthn works. The pane asks for a request (bound to its pending sign-in, and so to the
 * device registration that sign-in came from), shows a 2-digit number and opens the approval URL; the
 * approval page proves the user with a passkey, shows what asks for access and asks for the number; the
 * pane's wait then receives its session, once.
 *
 * Rules: two minutes; used once; the passkey must be the same user's; a wrong number or a denial ends the
 * request; the number alone is never enough (the passkey is the proof). Everything lives in the database,
 * so any instance answers any step.
 */
import type { Locale } from '../../shared/i18n/locales';
import crypto from 'node:crypto';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { ErrorCode } from '../../shared/errors';
import type {
  ApprovalCreateRequest,
  ApprovalCreateResponse,
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  ApprovalDetails,
  ApprovalEnd,
  ApprovalStartResponse,
  ApprovalWaitResponse,
} from '../../shared/approval-schemas';
import { hashToken, randomToken } from '../crypto/tokens';
import type { Db } from '../db/database';
import type { ApprovalRequestsTable } from '../db/schema';
import type { AuditLog, RequestContext } from './audit';
import type { Clock } from './clock';
import { msg, ServiceError } from './errors';
import type { MessageId } from '../../shared/i18n/message-ids';
import { translator } from '../i18n/translator';
import type { SignInService } from './sign-in';
import { iso, type PendingAuth } from './tokens';
import type { UserDirectory } from './users';

/** What the approval needs from the passkey service (services.passkeys). */
export interface PasskeyVerifier {
  /** Options for navigator.credentials.get (discoverable: no credential ids given out); the challenge is stored, single use. */
  authenticationOptions(): Promise<{ options: unknown }>;
  /** Checks an assertion (origin, RP id, challenge once, signature, counter); audits and throws passkey_refused when it does not hold. */
  verifyAuthentication(response: AuthenticationResponseJSON, ctx: RequestContext): Promise<{ userId: string; credentialId: string; userVerified: boolean }>;
}

export const approvalTtlMs = 2 * 60_000;
/** An approval given in time can be collected by the pane this long after the request's expiry. */
const collectGraceMs = 30_000;
/** Requests per pending sign-in: enough for a few tries, not a number-guessing loop. */
const maxPerPending = 5;


const endedMessage: Record<ApprovalEnd, MessageId> = {
  denied: 'server.error.approval.denied',
  expired: 'server.error.approval.expired',
  wrong_number: 'server.error.approval.wrongNumber',
  other_user: 'server.error.approval.otherUser',
  used: 'server.error.approval.used',
  replaced: 'server.error.approval.replaced',
};

/** The ended reason in the reader's language (English when unknown), for the answer's `detail`. */
const endedDetail = (reason: ApprovalEnd, locale: Locale = 'en'): string => translator(locale)(endedMessage[reason]);

const gone = (reason: ApprovalEnd) => new ServiceError(ErrorCode.conflict, 409, msg(endedMessage[reason]));
const notFound = () => new ServiceError(ErrorCode.notFound, 404, msg('server.error.approval.invalidLink'));

export class ApprovalRequestService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly users: UserDirectory,
    private readonly signIn: SignInService,
    private readonly audit: AuditLog,
    /** Set once the passkey service exists (services/index.ts). */
    private readonly passkeys: () => PasskeyVerifier,
  ) {}

  /** The pane asks, with its pending sign-in. Earlier open requests of the same sign-in end. */
  async create(auth: PendingAuth, body: ApprovalCreateRequest, publicUrl: string, ctx: RequestContext): Promise<ApprovalCreateResponse> {
    if (auth.token.purpose !== 'verify') throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.enrollFirst'));
    const passkey = await this.db.selectFrom('passkeys').select('id').where('user_id', '=', auth.user.id).limit(1).executeTakeFirst();
    if (!auth.policy.passkeysAllowed) throw new ServiceError(ErrorCode.policyViolation, 403, msg('server.error.approval.passkeysNotAllowed'));
    if (!passkey) throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.approval.noPasskey'));
    const now = this.clock.now();
    const earlier = await this.db.selectFrom('approval_requests').select(['id', 'status']).where('pending_token_id', '=', auth.token.id).execute();
    if (earlier.length >= maxPerPending) {
      throw new ServiceError(ErrorCode.rateLimited, 429, msg('server.error.approval.tooMany'), 60);
    }
    const open = earlier.filter((r) => r.status === 'pending' || r.status === 'verified').map((r) => r.id);
    const { number, choices } = numbers();
    const row: ApprovalRequestsTable = {
      id: randomToken(16),
      user_id: auth.user.id,
      org_id: auth.user.org_id,
      pending_token_id: auth.token.id,
      registration_id: auth.token.registration_id,
      number,
      choices: choices.join(','),
      client_type: auth.token.client_type,
      host: body.host ?? null,
      mailbox: auth.token.mailbox ?? null,
      ip: ctx.ip,
      user_agent: ctx.userAgent,
      status: 'pending',
      reason: null,
      page_token_hash: null,
      created_at: now,
      expires_at: now + approvalTtlMs,
      decided_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      if (open.length > 0) {
        await trx.updateTable('approval_requests').set({ status: 'ended', reason: 'replaced', decided_at: now }).where('id', 'in', open).execute();
      }
      await trx.insertInto('approval_requests').values(row).execute();
      await this.audit.recordAll([this.entry(row, 'approval.requested', 'info', ctx, { registration: row.registration_id !== null })], trx);
    });
    return { requestId: row.id, approvalUrl: approvalUrl(publicUrl, row.id), number, expiresAt: iso(row.expires_at) };
  }

  /** The approval page opens: WebAuthn options, while the request is still open. */
  async start(id: string): Promise<ApprovalStartResponse> {
    const row = await this.open(id, ['pending']);
    const { options } = await this.passkeys().authenticationOptions();
    return { options, expiresAt: iso(row.expires_at) };
  }

  /** The passkey answered: the same user's passkey opens the details and the number choice. */
  async passkey(id: string, response: unknown, ctx: RequestContext): Promise<ApprovalDetails> {
    const row = await this.open(id, ['pending']);
    const proof = await this.passkeys().verifyAuthentication(response as AuthenticationResponseJSON, { ...ctx, clientType: 'web' });
    if (proof.userId !== row.user_id) {
      await this.end(row, 'other_user', ctx, { other_user: proof.userId });
      throw new ServiceError(ErrorCode.forbidden, 403, msg(endedMessage.other_user));
    }
    const pageToken = randomToken();
    const moved = await this.db
      .updateTable('approval_requests')
      .set({ status: 'verified', page_token_hash: hashToken(pageToken) })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw gone('used');
    await this.audit.record(this.entry(row, 'approval.passkey', 'success', ctx, { user_verified: proof.userVerified }));
    const user = await this.users.byId(row.user_id);
    const device = row.registration_id
      ? ((await this.db.selectFrom('registrations').select('label').where('id', '=', row.registration_id).executeTakeFirst())?.label ?? null)
      : null;
    return {
      pageToken,
      clientType: row.client_type,
      host: row.host,
      mailbox: row.mailbox,
      ip: row.ip,
      requestedAt: iso(row.created_at),
      expiresAt: iso(row.expires_at),
      device,
      choices: row.choices.split(','),
      username: user?.username ?? '',
    };
  }

  /** Approve with the number, or deny. A wrong number ends the request. */
  async decide(id: string, body: ApprovalDecisionRequest, ctx: RequestContext): Promise<ApprovalDecisionResponse> {
    const row = await this.open(id, ['verified']);
    if (!row.page_token_hash || !sameHash(row.page_token_hash, hashToken(body.pageToken))) throw notFound();
    if (body.decision === 'deny') {
      await this.end(row, 'denied', ctx);
      return { status: 'denied', detail: translator(ctx.locale)('server.approval.denied') };
    }
    if (body.number === undefined) throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.approval.chooseNumber'));
    if (!sameHash(body.number, row.number)) {
      await this.end(row, 'wrong_number', ctx);
      return { status: 'ended', detail: endedDetail('wrong_number', ctx.locale) };
    }
    const moved = await this.db
      .updateTable('approval_requests')
      .set({ status: 'approved', decided_at: this.clock.now() })
      .where('id', '=', row.id)
      .where('status', '=', 'verified')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw gone('used');
    await this.audit.record(this.entry(row, 'approval.approved', 'success', ctx));
    return { status: 'approved', detail: translator(ctx.locale)('server.approval.approved') };
  }

  /** The pane's wait (it polls with back-off): the session once approved, issued to this pending sign-in only, once. */
  async wait(auth: PendingAuth, id: string, ctx: RequestContext): Promise<ApprovalWaitResponse> {
    const row = await this.db.selectFrom('approval_requests').selectAll().where('id', '=', id).where('pending_token_id', '=', auth.token.id).executeTakeFirst();
    if (!row) throw notFound();
    if (row.status === 'denied' || row.status === 'ended') return ended((row.reason as ApprovalEnd | null) ?? 'denied', ctx.locale);
    if (row.status === 'used') return ended('used', ctx.locale);
    // Approved in time: the pane may collect a little later (its checks are seconds apart).
    const collectBy = row.status === 'approved' ? row.expires_at + collectGraceMs : row.expires_at;
    if (this.clock.now() >= collectBy) {
      await this.end(row, 'expired', ctx);
      return ended('expired', ctx.locale);
    }
    if (row.status !== 'approved') return { status: 'waiting', expiresAt: iso(row.expires_at) };
    const spent = await this.db
      .updateTable('approval_requests')
      .set({ status: 'used' })
      .where('id', '=', row.id)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return ended('used', ctx.locale);
    const session = await this.signIn.finish(auth, { ...ctx, clientType: auth.token.client_type });
    return { status: 'approved', session };
  }

  /** The request, still open in one of `statuses` and not expired; an expired one is ended (and audited) first. */
  private async open(id: string, statuses: ApprovalRequestsTable['status'][]): Promise<ApprovalRequestsTable> {
    const row = await this.db.selectFrom('approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    if (row.status === 'denied' || row.status === 'ended') throw gone((row.reason as ApprovalEnd | null) ?? 'denied');
    if (!statuses.includes(row.status)) throw gone('used');
    if (this.clock.now() >= row.expires_at) {
      await this.end(row, 'expired', { ip: null, userAgent: null });
      throw gone('expired');
    }
    return row;
  }

  private async end(row: ApprovalRequestsTable, reason: ApprovalEnd, ctx: RequestContext, detail: Record<string, string> = {}): Promise<void> {
    const moved = await this.db
      .updateTable('approval_requests')
      .set({ status: reason === 'denied' ? 'denied' : 'ended', reason, decided_at: this.clock.now() })
      .where('id', '=', row.id)
      .where('status', 'in', ['pending', 'verified', 'approved'])
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return;
    const event = reason === 'denied' ? 'approval.denied' : reason === 'expired' ? 'approval.expired' : 'approval.ended';
    await this.audit.record(this.entry(row, event, reason === 'expired' ? 'info' : 'failure', ctx, { reason, ...detail }));
  }

  private entry(row: ApprovalRequestsTable, event: string, outcome: 'success' | 'failure' | 'info', ctx: RequestContext, detail: Record<string, string | boolean> = {}) {
    return { event, outcome, orgId: row.org_id, userId: row.user_id, ip: ctx.ip, clientType: row.client_type, detail: { request: row.id.slice(0, 6), ...detail } };
  }
}

function ended(reason: ApprovalEnd, locale?: Locale): ApprovalWaitResponse {
  return { status: 'ended', reason, detail: endedDetail(reason, locale) };
}

/** The portal's approval page for a request (the id in the fragment: never sent in a Referer or a server log). */
export function approvalUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/$/, '')}/portal#/approve/${id}`;
}

/** The number (10–99: two digits, no leading zero to misread) and three distinct choices in random order. */
export function numbers(): { number: string; choices: string[] } {
  const picked = new Set<number>();
  while (picked.size < 3) picked.add(crypto.randomInt(10, 100));
  const choices = [...picked].map(String);
  const number = choices[crypto.randomInt(0, 3)] as string;
  return { number, choices };
}

/** Constant-time equality of two short strings (hashes, the number). */
function sameHash(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
