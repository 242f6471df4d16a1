/**
 * Client registrations: a device (Outlook add-in, desktop, mobile, web) that
 * signed in fully once may later start a sign-in with a code only — proving the
 * device with a signed challenge (key-bound) or its device secret (secret-bound)
 * — until the credential epoch moves or the registration is revoked.
 */
import { ErrorCode } from '../../shared/errors';
import type { RegistrationCreateRequest, RegistrationCreateResponse, RegistrationInfo } from '../../shared/schemas';
import { importDevicePublicKey } from '../crypto/device-keys';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import type { Db } from '../db/database';
import type { RegistrationsTable } from '../db/schema';
import type { AuditLog, RequestContext } from './audit';
import type { Clock } from './clock';
import { msg, notFound, ServiceError } from './errors';
import type { Limits } from './limits';
import { iso, type SessionAuth, type TokenService } from './tokens';

export class RegistrationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly limits: Limits,
    private readonly tokens: TokenService,
    private readonly audit: AuditLog,
  ) {}

  /** Right after a full sign-in (password + code) or a fresh step-up; binds the current session to it. */
  async create(auth: SessionAuth, body: RegistrationCreateRequest, ctx: RequestContext): Promise<RegistrationCreateResponse> {
    const now = this.clock.now();
    const freshFullSignIn = auth.token.purpose === 'full' && now - auth.token.created_at < this.limits.registrationAfterSignInMs;
    if (!freshFullSignIn && !this.tokens.hasFreshStepUp(auth)) {
      throw new ServiceError(ErrorCode.stepUpRequired, 403, msg('server.error.registerAfterSignIn'));
    }
    // Key-bound (the device proves a private key it cannot export) or secret-bound (a bearer secret it keeps).
    if (body.publicKey && !importDevicePublicKey(body.publicKey)) {
      throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.deviceKeyInvalid'));
    }
    const deviceSecret = body.publicKey ? null : randomToken();
    const row: RegistrationsTable = {
      id: newId(),
      user_id: auth.user.id,
      client_type: body.clientType,
      label: body.label,
      host: body.host ?? null,
      platform: body.platform ?? null,
      mailbox: body.mailbox?.toLowerCase() ?? null,
      secret_hash: deviceSecret ? hashToken(deviceSecret) : '',
      public_key: body.publicKey ? JSON.stringify(body.publicKey) : null,
      epoch: auth.user.credential_epoch,
      created_at: now,
      last_seen_at: now,
      revoked_at: null,
    };
    await this.db.insertInto('registrations').values(row).execute();
    await this.tokens.bindRegistration(auth.token.id, row.id);
    await this.audit.record({ event: 'registration.created', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: body.clientType, detail: { registration: row.id, host: row.host, bound: deviceSecret ? 'secret' : 'key' } });
    return { registration: registrationInfo(row, row.id), ...(deviceSecret ? { deviceSecret } : {}) };
  }

  /** Live registrations: not revoked and issued under the current epoch. */
  async list(userId: string, epoch: number, currentId: string | null): Promise<RegistrationInfo[]> {
    const rows = await this.db
      .selectFrom('registrations')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('epoch', '=', epoch)
      .orderBy('last_seen_at', 'desc')
      .execute();
    return rows.map((row) => registrationInfo(row, currentId));
  }

  async revoke(userId: string, registrationId: string, ctx: RequestContext & { orgId: string; actorId: string }): Promise<void> {
    const result = await this.db
      .updateTable('registrations')
      .set({ revoked_at: this.clock.now() })
      .where('id', '=', registrationId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw notFound('device');
    await this.tokens.revokeForRegistration(registrationId);
    await this.audit.record({ event: 'registration.revoked', outcome: 'success', orgId: ctx.orgId, userId, actorId: ctx.actorId, ip: ctx.ip, clientType: ctx.clientType, detail: { registration: registrationId } });
  }

  async revokeAll(userId: string): Promise<void> {
    await this.db.updateTable('registrations').set({ revoked_at: this.clock.now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }
}

function registrationInfo(row: RegistrationsTable, currentId: string | null): RegistrationInfo {
  return {
    id: row.id,
    clientType: row.client_type as RegistrationInfo['clientType'],
    label: row.label,
    host: row.host,
    platform: row.platform,
    mailboxHint: row.mailbox ? maskEmail(row.mailbox) : null,
    createdAt: iso(row.created_at),
    lastSeenAt: iso(row.last_seen_at),
    current: row.id === currentId,
  };
}

/** "alice@example.com" → "a•••@example.com": enough to recognise, not to harvest. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${address[0]}•••${address.slice(at)}`;
}
