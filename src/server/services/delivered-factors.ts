/**
 * SMS and email as second factors: which methods a client is offered (org
 * policy, the add-in's mailbox rule, SMS never first), sending a code for a
 * sign-in or step-up, and enrolling a phone number or address (a code sent to
 * it confirms it before the factor turns on).
 */
import type { Locale } from '../../shared/i18n/locales';
import { ErrorCode } from '../../shared/errors';
import type {
  DeliveredEnrollStartResponse,
  FactorKind,
  MethodInfo,
  SendCodeRequest,
  SendCodeResponse,
  UnavailableMethod,
} from '../../shared/schemas';
import { newId } from '../crypto/tokens';
import type { Db } from '../db/database';
import { prepared } from '../db/prepared';
import type { FactorsTable } from '../db/schema';
import type { AuditLog, RequestContext } from './audit';
import type { Clock } from './clock';
import { maskDestination, normalizeEmail, normalizePhone, type DeliveredCodeService, type DeliveredKind } from './delivered-codes';
import { msg, notFound, proofFirst, ServiceError, stepUpRequired } from './errors';
import { translator } from '../i18n/translator';
import type { FactorService } from './factors';
import { provingPolicy, type OrgPolicy, type PolicyService } from './policy';
import type { PendingAuth, SessionAuth, TokenService } from './tokens';
import type { UserRecord } from './users';

type Auth = PendingAuth | SessionAuth;

/** Which client asks, and the mailbox(es) it runs in (the Outlook add-in only). */
export interface ClientView {
  clientType: string | null;
  mailboxes: string[];
  /** The language the client reads: for the `detail` of a method it does not offer. */
  locale?: Locale;
}

export interface MethodAvailability {
  methods: MethodInfo[];
  unavailable: UnavailableMethod[];
  /** Active factors of any kind, allowed or not. */
  active: number;
  /** Active factors of allowed kinds. */
  usable: number;
  /** The user has a passkey the org allows (offered first, as the second step). */
  passkey?: boolean;
  /** How many passkeys the user has (any policy): read here so the sign-in needs no second passkey query. */
  passkeyCount?: number;
  /** The user has passkeys, but the org turned passkeys off. */
  passkeyDisallowed?: boolean;
}

const kindNames: Record<FactorKind, string> = { totp: 'Authenticator app', sms: 'Text message codes', email: 'Email codes' };
/** The order methods are offered in: SMS, the weakest, is never the default (first). */
const offerOrder: Record<string, number> = { totp: 0, email: 1, sms: 2, backup_code: 3 };

export const addinMailboxMessage = msg('server.error.addinMailbox');
export const disabledMessage = (kind: FactorKind) => msg('server.error.methodDisabled', { method: kind });
/** The same in English, for the methods list's `detail` (shown as is by older clients). */
export const disabledDetail = (kind: FactorKind, locale: Locale = 'en') => translator(locale)('server.error.methodDisabled', { method: kind });

export class DeliveredFactorService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly factors: FactorService,
    private readonly policies: PolicyService,
    private readonly tokens: TokenService,
    readonly codes: DeliveredCodeService,
    private readonly audit: AuditLog,
  ) {}

  /** The add-in's mailbox: from the pending sign-in, its registration, or what the add-in says now. */
  async clientView(auth: Auth, requestMailbox?: string): Promise<ClientView> {
    const clientType = auth.token.client_type;
    if (clientType !== 'outlook-addin') return { clientType, mailboxes: [] };
    const mailboxes = [auth.token.mailbox ?? null, requestMailbox ?? null];
    if (auth.token.registration_id) {
      const registration = await this.db.selectFrom('registrations').select('mailbox').where('id', '=', auth.token.registration_id).executeTakeFirst();
      mailboxes.push(registration?.mailbox ?? null);
    }
    return { clientType, mailboxes: [...new Set(mailboxes.filter((m): m is string => !!m).map((m) => m.toLowerCase()))] };
  }

  /** Email to the add-in's own mailbox proves nothing the add-in's holder lacks (unless the org allows it). */
  blockedByMailboxRule(factor: Pick<FactorsTable, 'kind' | 'destination'>, policy: OrgPolicy, client: ClientView): boolean {
    return (
      factor.kind === 'email' &&
      client.clientType === 'outlook-addin' &&
      !policy.allowEmailToAddinMailbox &&
      !!factor.destination &&
      client.mailboxes.includes(factor.destination.toLowerCase())
    );
  }

  /** What the code prompt offers this client, and what it does not offer and why. */
  async availability(userId: string, policy: OrgPolicy, client: ClientView): Promise<MethodAvailability> {
    const { factors: active, backupCodesLeft } = await this.factors.activeFactorsAndBackupCodesLeft(userId);
    const methods: MethodInfo[] = [];
    const unavailable: UnavailableMethod[] = [];
    let usable = 0;
    for (const f of active) {
      const masked = this.factors.handler(f.kind)?.maskedDestination(f) ?? maskDestination(f.kind, f.destination);
      const shown = { method: f.kind, factorId: f.id, ...(masked ? { maskedDestination: masked } : {}) };
      if (!policy.allowedMethods.includes(f.kind) || !this.factors.handler(f.kind)) {
        unavailable.push({ ...shown, reason: 'disabled_by_policy', detail: disabledDetail(f.kind, client.locale) });
        continue;
      }
      usable += 1;
      if (this.blockedByMailboxRule(f, policy, client)) {
        unavailable.push({ ...shown, reason: 'addin_mailbox', detail: translator(client.locale)(addinMailboxMessage.id) });
        continue;
      }
      methods.push({ ...shown, label: f.label });
    }
    // A passkey-only user is offered it too (the sign-in counts passkeys as usable methods: services/index.ts).
    const passkeyCount = await this.passkeyCount(userId);
    const passkey = policy.passkeysAllowed && passkeyCount > 0;
    // Backup codes cover a lost passkey too (with no code method, the count above has no row to ride on).
    const codesLeft = active.length > 0 ? backupCodesLeft : passkey ? await this.factors.backupCodesLeft(userId) : 0;
    if ((usable > 0 || passkey) && codesLeft > 0) methods.push({ method: 'backup_code' });
    methods.sort((a, b) => (offerOrder[a.method] ?? 9) - (offerOrder[b.method] ?? 9));
    return { methods, unavailable, active: active.length, usable, passkey, passkeyCount };
  }

  private async passkeyCount(userId: string): Promise<number> {
    return Number((await this.passkeyCountStatement.first(this.db, { userId }))?.n ?? 0);
  }

  /** Compiled once (db/prepared.ts): every password and device sign-in runs it. */
  private readonly passkeyCountStatement = prepared(['userId'], (db, $) => db.selectFrom('passkeys').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', $('userId')));

  /**
   * Sends a code for this sign-in attempt (pending token) or step-up (session). The answer is the same whether
   * or not the user has such a factor; only the cooldown and the quotas (429) and the org's rules (403) differ.
   */
  async sendForAttempt(auth: Auth, body: SendCodeRequest, ctx: RequestContext): Promise<SendCodeResponse> {
    const proving = auth.kind === 'pending' && auth.token.purpose === 'prove';
    if (auth.kind === 'pending' && auth.token.purpose !== 'verify' && !proving) {
      throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.enrollFirst.resend'));
    }
    const kind = body.method;
    const user = auth.user;
    const orgPolicy = auth.kind === 'session' ? auth.policy : await this.policies.forOrg(user.org_id);
    // Proving it is them before re-enrolling: a code to any method they hold, even one now off for sign-in.
    const policy = proving ? provingPolicy(orgPolicy) : orgPolicy;
    if (!policy.allowedMethods.includes(kind)) throw new ServiceError(ErrorCode.policyViolation, 403, disabledMessage(kind));
    const client = await this.clientView(auth, body.mailbox);
    const candidates = (await this.factors.usableFactors(user.id, policy)).filter(
      (f) => f.kind === kind && (body.factorId === undefined || f.id === body.factorId),
    );
    const factor = candidates[0];
    if (factor && this.blockedByMailboxRule(factor, policy, client)) {
      await this.audit.record({ event: 'code.refused', outcome: 'failure', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { kind, reason: 'addin_mailbox' } });
      throw new ServiceError(ErrorCode.policyViolation, 403, addinMailboxMessage);
    }
    await this.codes.limitAccount(user, kind, ctx);
    const uniform: SendCodeResponse = { resendAfterSeconds: this.codes.resendAfterSeconds, codeValidSeconds: this.codes.codeValidSeconds };
    if (!factor) {
      await this.audit.record({ event: 'code.not_sent', outcome: 'info', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { kind, reason: 'no_factor' } });
      return uniform;
    }
    await this.codes.limitDestination(user, kind, factor.destination!, ctx);
    await this.codes.issue(user, factor, auth.token.id, auth.kind === 'pending' ? 'sign_in' : 'step_up', ctx);
    return uniform;
  }

  // ---- enrollment ------------------------------------------------------------

  private assertMayEnroll(auth: Auth): void {
    if (auth.kind === 'pending' && auth.token.purpose === 'prove') throw new ServiceError(ErrorCode.forbidden, 403, proofFirst);
    if (auth.kind === 'pending' && auth.token.purpose !== 'enroll') {
      throw new ServiceError(ErrorCode.forbidden, 403, msg('server.error.finishSignInFirst'));
    }
    if (auth.kind === 'session' && !this.tokens.hasFreshStepUp(auth)) throw stepUpRequired();
  }

  private async assertKindAllowed(user: UserRecord, kind: DeliveredKind): Promise<void> {
    const policy = await this.policies.forOrg(user.org_id);
    if (!policy.allowedMethods.includes(kind)) throw new ServiceError(ErrorCode.policyViolation, 403, disabledMessage(kind));
    if (!this.codes.delivery.available[kind]) {
      throw new ServiceError(ErrorCode.unavailable, 503, msg('server.error.channelNotConfigured', { method: kind }));
    }
  }

  /**
   * A new SMS or email factor: pending until the code sent to the destination comes back. Replaces an earlier
   * unconfirmed one of the same kind; an active one of the same kind is replaced only on confirmation.
   */
  async startEnrollment(auth: Auth, kind: DeliveredKind, rawDestination: string | undefined, options: { label?: string; defaultCountry?: string }, ctx: RequestContext): Promise<DeliveredEnrollStartResponse> {
    this.assertMayEnroll(auth);
    const user = auth.user;
    await this.assertKindAllowed(user, kind);
    let destination: string;
    if (kind === 'sms') {
      if (!rawDestination) throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.phone.required'));
      destination = normalizePhone(rawDestination, options.defaultCountry);
    } else {
      const address = rawDestination ?? user.email;
      if (!address) throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.email.required'));
      destination = normalizeEmail(address);
    }
    await this.codes.limitAccount(user, kind, ctx);
    await this.codes.limitDestination(user, kind, destination, ctx);
    const factorId = newId();
    const factor: FactorsTable = {
      id: factorId,
      user_id: user.id,
      kind,
      status: 'pending',
      label: options.label?.trim() || kindNames[kind],
      secret_enc: null,
      destination,
      last_step: null,
      created_at: this.clock.now(),
      confirmed_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('factors').where('user_id', '=', user.id).where('kind', '=', kind).where('status', '=', 'pending').execute();
      await trx.insertInto('factors').values(factor).execute();
    });
    await this.audit.record({ event: 'enrollment.started', outcome: 'info', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { kind } });
    const sent = await this.codes.issue(user, factor, factorId, 'enroll', ctx);
    if (!sent) {
      throw new ServiceError(ErrorCode.unavailable, 503, msg('server.error.sendFailed.first', { method: kind }));
    }
    return this.enrollAnswer(factor);
  }

  /** Another code for an unconfirmed factor; the earlier one stops working. */
  async resendEnrollment(auth: Auth, factorId: string, ctx: RequestContext): Promise<DeliveredEnrollStartResponse> {
    this.assertMayEnroll(auth);
    const user = auth.user;
    const factor = await this.factors.pendingFactor(user.id, factorId);
    if (!factor || (factor.kind !== 'sms' && factor.kind !== 'email')) throw notFound('setup');
    await this.assertKindAllowed(user, factor.kind);
    await this.codes.limitAccount(user, factor.kind, ctx);
    await this.codes.limitDestination(user, factor.kind, factor.destination!, ctx);
    const sent = await this.codes.issue(user, factor, factor.id, 'enroll', ctx);
    if (!sent) throw new ServiceError(ErrorCode.unavailable, 503, msg('server.error.sendFailed'));
    return this.enrollAnswer(factor);
  }

  private enrollAnswer(factor: FactorsTable): DeliveredEnrollStartResponse {
    return {
      factorId: factor.id,
      kind: factor.kind as DeliveredKind,
      maskedDestination: maskDestination(factor.kind, factor.destination)!,
      resendAfterSeconds: this.codes.resendAfterSeconds,
      codeValidSeconds: this.codes.codeValidSeconds,
    };
  }
}
