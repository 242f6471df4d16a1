/**
 * SMS and email codes: 6 digits from a CSPRNG, stored as keyed hashes, valid
 * for minutes, used once, bound to one sign-in attempt (pending token), one
 * step-up (session) or one enrollment (pending factor). A new code voids the
 * previous ones of the same attempt. Sends are limited by a cooldown and by
 * quotas per account and per destination (counted in the shared database, so
 * they hold across API instances). Wrong codes are counted by the
 * SecondFactorGate like any other method.
 */
import crypto from 'node:crypto';
import { parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/max';
import { ErrorCode } from '../../shared/errors';
import { KeyedHasher, newId } from '../crypto/tokens';
import type { Db } from '../db/database';
import type { FactorsTable } from '../db/schema';
import { DeliveryError, type Delivery } from '../delivery';
import type { CodePurpose } from '../delivery/messages';
import type { AuditLog, RequestContext } from './audit';
import type { Clock } from './clock';
import { msg, ServiceError } from './errors';
import type { MessageDescriptor } from '../../shared/i18n/message-ids';
import type { AttemptContext, FactorHandler } from './factors';
import type { Limits } from './limits';
import type { RateLimiter } from './rate-limit';
import { maskEmail } from './registrations';
import type { UserRecord } from './users';

export type DeliveredKind = 'sms' | 'email';

const hour = 60 * 60_000;
const day = 24 * hour;
export const maxCodeTtlMs = 10 * 60_000;

/** 6 digits, uniform (crypto.randomInt rejects modulo bias). */
export function newDeliveredCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Digits only: people paste "123 456" or "123-456". */
export function normalizeDeliveredCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** "+15555552211" → "•••• 2211". */
export function maskPhone(e164: string): string {
  return `•••• ${e164.slice(-4)}`;
}

export function maskDestination(kind: string, destination: string | null): string | null {
  if (!destination) return null;
  return kind === 'sms' ? maskPhone(destination) : maskEmail(destination);
}

/** Validates and normalizes a phone number to E.164, with an error a person can act on. */
export function normalizePhone(input: string, defaultCountry?: string): string {
  const fail = (detail: MessageDescriptor) => new ServiceError(ErrorCode.invalidRequest, 400, detail);
  const trimmed = input.trim();
  if (!trimmed.startsWith('+') && !defaultCountry) {
    throw fail(msg('server.error.phone.countryCode'));
  }
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(trimmed, defaultCountry ? { defaultCountry: defaultCountry as CountryCode } : undefined);
  } catch (error) {
    const reason = error instanceof ParseError ? error.message : 'NOT_A_NUMBER';
    const detail: Record<string, MessageDescriptor> = {
      INVALID_COUNTRY: msg('server.error.phone.unknownCountry'),
      TOO_SHORT: msg('server.error.phone.tooShort'),
      TOO_LONG: msg('server.error.phone.tooLong'),
      NOT_A_NUMBER: msg('server.error.phone.notANumber'),
      INVALID_LENGTH: msg('server.error.phone.invalidLength'),
    };
    throw fail(detail[reason] ?? msg('server.error.phone.invalid'));
  }
  if (!parsed.isValid()) throw fail(parsed.country ? msg('server.error.phone.invalidForCountry', { number: parsed.formatInternational(), country: parsed.country }) : msg('server.error.phone.invalidForCode', { number: parsed.formatInternational() }));
  const type = parsed.getType();
  if (type && ['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOIP', 'PAGER', 'UAN', 'VOICEMAIL'].includes(type)) {
    throw fail(msg('server.error.phone.notMobile'));
  }
  return parsed.number;
}

export function normalizeEmail(input: string): string {
  const value = input.trim();
  const at = value.lastIndexOf('@');
  if (value.length > 254 || at < 1 || at === value.length - 1 || /[\s<>(),;:"[\]\\]/.test(value) || !value.slice(at + 1).includes('.')) {
    throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.email.invalid'));
  }
  return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
}

export class DeliveredCodeService {
  private readonly codeHasher: KeyedHasher;
  private readonly keyHasher: KeyedHasher;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly limits: Limits,
    private readonly rateLimiter: RateLimiter,
    readonly delivery: Delivery,
    private readonly audit: AuditLog,
    secretKey: Buffer,
  ) {
    this.codeHasher = new KeyedHasher(secretKey, 'delivered-codes');
    // Destinations appear in rate-limit keys only as keyed hashes.
    this.keyHasher = new KeyedHasher(secretKey, 'delivery-destinations');
  }

  /** The invariant caps a code's life at 10 minutes, whatever LIMIT_CODE_TTL_MS says. */
  private get ttlMs(): number {
    return Math.min(this.limits.codeTtlMs, maxCodeTtlMs);
  }

  get codeValidSeconds(): number {
    return Math.floor(this.ttlMs / 1000);
  }

  get resendAfterSeconds(): number {
    return Math.ceil(this.limits.codeResendCooldownMs / 1000);
  }

  private hash(attemptId: string, factorId: string, code: string): string {
    return this.codeHasher.hash(`${attemptId}|${factorId}|${code}`);
  }

  private tooMany(kind: DeliveredKind, retryAfter: number, why: 'cooldown' | 'quota'): ServiceError {
    const detail = msg(why === 'cooldown' ? 'server.error.codeSend.cooldown' : 'server.error.codeSend.quota', { method: kind });
    return new ServiceError(ErrorCode.rateLimited, 429, detail, retryAfter, why === 'cooldown' ? { wait: retryAfter } : {});
  }

  /**
   * The cooldown and the per-account quotas: checked for every send request, whether or not the account has a
   * factor of that kind, so that the answer cannot tell the two apart. A refused request still counts.
   */
  async limitAccount(user: UserRecord, kind: DeliveredKind, ctx: RequestContext): Promise<void> {
    const cooldown = await this.rateLimiter.hit(`code:cooldown:${user.id}:${kind}`, 1, this.limits.codeResendCooldownMs);
    if (cooldown > 0) throw this.tooMany(kind, cooldown, 'cooldown');
    for (const [key, limit, window] of [
      [`code:account:h:${user.id}`, this.limits.codeSendsPerAccountHour, hour],
      [`code:account:d:${user.id}`, this.limits.codeSendsPerAccountDay, day],
    ] as const) {
      const wait = await this.rateLimiter.hit(key, limit, window);
      if (wait > 0) {
        await this.audit.record({ event: 'code.quota_reached', outcome: 'failure', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { kind, scope: 'account' } });
        throw this.tooMany(kind, wait, 'quota');
      }
    }
  }

  /** Quotas per destination (a phone number or address shared by accounts, or SMS pumping through enrollment). */
  async limitDestination(user: UserRecord, kind: DeliveredKind, destination: string, ctx: RequestContext): Promise<void> {
    const dest = this.keyHasher.hash(`${kind}:${destination.toLowerCase()}`);
    for (const [key, limit, window] of [
      [`code:dest:h:${dest}`, this.limits.codeSendsPerDestinationHour, hour],
      [`code:dest:d:${dest}`, this.limits.codeSendsPerDestinationDay, day],
    ] as const) {
      const wait = await this.rateLimiter.hit(key, limit, window);
      if (wait > 0) {
        await this.audit.record({ event: 'code.quota_reached', outcome: 'failure', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { kind, scope: 'destination' } });
        throw this.tooMany(kind, wait, 'quota');
      }
    }
  }

  /**
   * Makes a new code for (attempt, factor), voiding every earlier live code of the attempt, and delivers it.
   * Answers false when delivery failed (the failure is logged and audited, never the code).
   */
  async issue(user: UserRecord, factor: FactorsTable, attemptId: string, purpose: CodePurpose, ctx: RequestContext): Promise<boolean> {
    const kind = factor.kind as DeliveredKind;
    if (!factor.destination) throw new Error('delivered factor without a destination');
    const code = newDeliveredCode();
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('delivered_codes')
        .set({ voided_at: now })
        .where('attempt_id', '=', attemptId)
        .where('user_id', '=', user.id)
        .where('consumed_at', 'is', null)
        .where('voided_at', 'is', null)
        .execute();
      await trx
        .insertInto('delivered_codes')
        .values({
          id: newId(),
          user_id: user.id,
          factor_id: factor.id,
          attempt_id: attemptId,
          purpose,
          kind,
          code_hash: this.hash(attemptId, factor.id, code),
          created_at: now,
          expires_at: now + this.ttlMs,
          consumed_at: null,
          voided_at: null,
        })
        .execute();
    });
    const minutes = Math.max(1, Math.round(this.ttlMs / 60_000));
    const base = { orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType };
    try {
      const lang = await this.delivery.language(user.id);
      if (kind === 'sms') await this.delivery.sms.send({ to: factor.destination, body: this.delivery.messages.codeSms(code, purpose, minutes, lang) });
      else await this.delivery.email.send(this.delivery.messages.codeEmail(factor.destination, code, purpose, minutes, lang));
    } catch (error) {
      const reason = error instanceof DeliveryError ? error.message : 'unexpected delivery error';
      this.delivery.log.error({ kind, factor: factor.id, reason }, 'code delivery failed');
      await this.audit.record({ ...base, event: 'code.delivery_failed', outcome: 'failure', detail: { kind, purpose, reason } });
      return false;
    }
    await this.audit.record({ ...base, event: 'code.sent', outcome: 'success', detail: { kind, purpose, factor: factor.id } });
    return true;
  }

  /** Right, unexpired, unused and not voided, for this attempt and factor: consumed in one conditional UPDATE. */
  async consume(factor: FactorsTable, attemptId: string, input: string, db: Db = this.db): Promise<boolean> {
    const code = normalizeDeliveredCode(input);
    if (!code) return false;
    const now = this.clock.now();
    const result = await db
      .updateTable('delivered_codes')
      .set({ consumed_at: now })
      .where('attempt_id', '=', attemptId)
      .where('factor_id', '=', factor.id)
      .where('code_hash', '=', this.hash(attemptId, factor.id, code))
      .where('consumed_at', 'is', null)
      .where('voided_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

/** The FactorHandler of SMS and email factors: verification is consuming a delivered code of this attempt. */
export class DeliveredCodeHandler implements FactorHandler {
  constructor(
    readonly kind: DeliveredKind,
    private readonly codes: DeliveredCodeService,
  ) {}

  verify(factor: FactorsTable, code: string, attempt: AttemptContext, db?: Db): Promise<boolean> {
    return this.codes.consume(factor, attempt.attemptId, code, db);
  }

  maskedDestination(factor: FactorsTable): string | null {
    return maskDestination(factor.kind, factor.destination);
  }
}
