/**
 * Second factors: the user's enrolled methods and their backup codes. Each
 * kind is a FactorHandler (TOTP here; SMS and email plug in the same way).
 * Every "use once" rule is one conditional UPDATE, so it holds across
 * parallel requests and across API instances.
 */
import type { FactorInfo, FactorKind, MethodInfo, VerifyMethod } from '../../shared/schemas';
import type { Db } from '../db/database';
import { prepared } from '../db/prepared';
import type { FactorsTable } from '../db/schema';
import { SecretBox } from '../crypto/secret-box';
import { KeyedHasher, newId } from '../crypto/tokens';
import { newBackupCode, normalizeBackupCode } from './backup-code-format';
import type { Clock } from './clock';
import type { Limits } from './limits';
import type { OrgPolicy } from './policy';
import { matchTotpStep, newTotpSecret, provisioning, type Provisioning } from './totp';
import { iso } from './tokens';

/** Context of one verification: which sign-in attempt (pending token) or session it belongs to. */
export interface AttemptContext {
  attemptId: string;
  /** Set by a handler when the code was right but already used (a replay), for the audit and the metrics. */
  replayed?: boolean;
}

export interface FactorHandler {
  kind: FactorKind;
  /** True when the code is right and was not used before; must consume it atomically, through `db` (the verification's transaction). */
  verify(factor: FactorsTable, code: string, attempt: AttemptContext, db?: Db): Promise<boolean>;
  /** How the factor is shown: "Authenticator app", "•••• 2211". */
  maskedDestination(factor: FactorsTable): string | null;
}

export class TotpHandler implements FactorHandler {
  readonly kind = 'totp' as const;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly box: SecretBox,
  ) {}

  secretOf(factor: FactorsTable): Buffer {
    if (!factor.secret_enc) throw new Error('TOTP factor without a secret');
    return this.box.open(factor.secret_enc, factor.id);
  }

  async verify(factor: FactorsTable, code: string, attempt?: AttemptContext, db: Db = this.db): Promise<boolean> {
    const step = matchTotpStep(this.secretOf(factor), code, this.clock.now());
    if (step === null) return false;
    const accepted = await this.acceptStep(factor.id, step, db);
    if (!accepted && attempt) attempt.replayed = true;
    return accepted;
  }

  /** Each time step once per user: only a step later than the last accepted one is taken. */
  async acceptStep(factorId: string, step: number, db: Db = this.db): Promise<boolean> {
    return (await this.acceptStatement.affected(db, { factorId, step })) === 1;
  }

  /** Compiled once (db/prepared.ts): every TOTP verification runs it. */
  private readonly acceptStatement = prepared(['factorId', 'step'], (db, $) =>
    db
      .updateTable('factors')
      .set({ last_step: $('step') })
      .where('id', '=', $('factorId'))
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', $('step'))])),
  );

  maskedDestination(): null {
    return null;
  }
}

export class FactorService {
  private readonly handlers = new Map<FactorKind, FactorHandler>();
  readonly totp: TotpHandler;
  private readonly backupHasher: KeyedHasher;
  /** After a key rotation, while SECRET_KEY_PREVIOUS is set: backup codes hashed under the old key. */
  private readonly previousBackupHasher: KeyedHasher | null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly limits: Limits,
    private readonly box: SecretBox,
    secretKey: Buffer,
    previousSecretKey: Buffer | null = null,
  ) {
    this.totp = new TotpHandler(db, clock, box);
    this.register(this.totp);
    this.backupHasher = new KeyedHasher(secretKey, 'backup-codes');
    this.previousBackupHasher = previousSecretKey ? new KeyedHasher(previousSecretKey, 'backup-codes') : null;
  }

  register(handler: FactorHandler): void {
    this.handlers.set(handler.kind, handler);
  }

  handler(kind: FactorKind): FactorHandler | undefined {
    return this.handlers.get(kind);
  }

  activeFactors(userId: string, db: Db = this.db): Promise<FactorsTable[]> {
    return this.statements.active.rows(db, { userId });
  }

  /** Compiled once (db/prepared.ts): the verify and sign-in paths run them. */
  private readonly statements = {
    active: prepared(['userId'], (db, $) => db.selectFrom('factors').selectAll().where('user_id', '=', $('userId')).where('status', '=', 'active').orderBy('created_at')),
    activeWithBackupCount: prepared(['userId'], (db, $) =>
      db
        .selectFrom('factors')
        .selectAll('factors')
        .select((eb) =>
          eb
            .selectFrom('backup_codes')
            .select(eb.fn.countAll<number>().as('n'))
            .where('backup_codes.user_id', '=', $('userId'))
            .where('backup_codes.used_at', 'is', null)
            .as('backup_codes_left'),
        )
        .where('factors.user_id', '=', $('userId'))
        .where('factors.status', '=', 'active')
        .orderBy('factors.created_at'),
    ),
  };

  /** Active factors and how many backup codes are left, in one read (what the sign-in's next step needs). */
  async activeFactorsAndBackupCodesLeft(userId: string): Promise<{ factors: FactorsTable[]; backupCodesLeft: number }> {
    const rows = await this.statements.activeWithBackupCount.rows(this.db, { userId });
    // No active factor, no row: then the count does not matter (backup codes need a factor).
    const backupCodesLeft = Number(rows[0]?.backup_codes_left ?? 0);
    return { factors: rows.map(({ backup_codes_left: _left, ...factor }) => factor), backupCodesLeft };
  }

  /** Active factors of kinds the org still allows: the ones that count. */
  async usableFactors(userId: string, policy: OrgPolicy, db: Db = this.db): Promise<FactorsTable[]> {
    return (await this.activeFactors(userId, db)).filter((f) => policy.allowedMethods.includes(f.kind) && this.handlers.has(f.kind));
  }

  async backupCodesLeft(userId: string, db: Db = this.db): Promise<number> {
    const row = await db
      .selectFrom('backup_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** A second factor that is not a code method (a passkey the org allows); set by services/index.ts. */
  hasOtherFactor: (userId: string, policy: OrgPolicy, db?: Db) => Promise<boolean> = async () => false;

  /** What the code prompt offers: each usable factor, and backup codes when any are left. */
  async methodsFor(userId: string, policy: OrgPolicy): Promise<MethodInfo[]> {
    const factors = await this.usableFactors(userId, policy);
    const methods: MethodInfo[] = factors.map((f) => {
      const masked = this.handlers.get(f.kind)?.maskedDestination(f) ?? undefined;
      return { method: f.kind, factorId: f.id, label: f.label, ...(masked ? { maskedDestination: masked } : {}) };
    });
    if (factors.length > 0 && (await this.backupCodesLeft(userId)) > 0) methods.push({ method: 'backup_code' });
    return methods;
  }

  /** Checks a code against the user's factors; true only when it is right and unused. No throttling here. */
  async check(
    userId: string,
    policy: OrgPolicy,
    method: VerifyMethod,
    code: string,
    factorId: string | undefined,
    attempt: AttemptContext,
    /** The store or the verification's transaction (every read and write of the check goes through it). */
    db: Db = this.db,
  ): Promise<boolean> {
    if (method === 'backup_code') {
      // Backup codes stand in for a second factor the user holds: a code method, or a passkey (services/index.ts).
      if ((await this.usableFactors(userId, policy, db)).length === 0 && !(await this.hasOtherFactor(userId, policy, db))) return false;
      return this.consumeBackupCode(userId, code, db);
    }
    const factors = (await this.usableFactors(userId, policy, db)).filter(
      (f) => f.kind === method && (factorId === undefined || f.id === factorId),
    );
    for (const factor of factors) {
      if (await this.handlers.get(factor.kind)!.verify(factor, code, attempt, db)) return true;
    }
    return false;
  }

  async consumeBackupCode(userId: string, input: string, db: Db = this.db): Promise<boolean> {
    const normalized = normalizeBackupCode(input);
    if (!normalized) return false;
    const result = await db
      .updateTable('backup_codes')
      .set({ used_at: this.clock.now() })
      .where('code_hash', 'in', [this.backupHasher, ...(this.previousBackupHasher ? [this.previousBackupHasher] : [])].map((h) => h.hash(normalized)))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** A new set of codes; the old set stops working in the same transaction. */
  async regenerateBackupCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: this.limits.backupCodeCount }, newBackupCode);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('backup_codes').where('user_id', '=', userId).execute();
      await trx
        .insertInto('backup_codes')
        .values(codes.map((code) => ({ code_hash: this.backupHasher.hash(normalizeBackupCode(code)!), user_id: userId, used_at: null, created_at: now })))
        .execute();
    });
    return codes;
  }

  /** Starts a TOTP enrollment: a pending factor whose secret is shown once. Older unconfirmed ones go. */
  async startTotp(userId: string, account: string, label: string): Promise<{ factorId: string } & Provisioning> {
    const secret = newTotpSecret();
    const factorId = newId();
    await this.db.deleteFrom('factors').where('user_id', '=', userId).where('kind', '=', 'totp').where('status', '=', 'pending').execute();
    await this.db
      .insertInto('factors')
      .values({
        id: factorId,
        user_id: userId,
        kind: 'totp',
        status: 'pending',
        label,
        secret_enc: this.box.seal(secret, factorId),
        destination: null,
        last_step: null,
        created_at: this.clock.now(),
        confirmed_at: null,
      })
      .execute();
    return { factorId, ...(await provisioning(secret, account)) };
  }

  pendingFactor(userId: string, factorId: string): Promise<FactorsTable | undefined> {
    return this.db
      .selectFrom('factors')
      .selectAll()
      .where('id', '=', factorId)
      .where('user_id', '=', userId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
  }

  /**
   * Turns a pending factor on after its first code (that code's TOTP step counts as used).
   * A user has one factor per kind: a new one replaces the old. Answers whether it was the first factor.
   */
  async activate(userId: string, factor: FactorsTable): Promise<{ first: boolean; replaced: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('factors').select(['id', 'kind']).where('user_id', '=', userId).where('status', '=', 'active').execute();
      const replaced = existing.filter((f) => f.kind === factor.kind);
      if (replaced.length > 0) await trx.deleteFrom('factors').where('id', 'in', replaced.map((f) => f.id)).execute();
      await trx.updateTable('factors').set({ status: 'active', confirmed_at: this.clock.now() }).where('id', '=', factor.id).execute();
      return { first: existing.length === 0, replaced: replaced.length > 0 };
    });
  }

  /** Removes one active factor; answers the factor removed, or undefined. */
  async remove(userId: string, factorId: string): Promise<FactorsTable | undefined> {
    const factor = await this.db.selectFrom('factors').selectAll().where('id', '=', factorId).where('user_id', '=', userId).where('status', '=', 'active').executeTakeFirst();
    if (!factor) return undefined;
    await this.db.deleteFrom('factors').where('id', '=', factorId).execute();
    return factor;
  }

  /** Everything 2FA of a user goes: factors (pending too) and backup codes. */
  async removeAll(userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('factors').where('user_id', '=', userId).execute();
      await trx.deleteFrom('backup_codes').where('user_id', '=', userId).execute();
    });
  }

  info(factor: FactorsTable): FactorInfo {
    return {
      id: factor.id,
      kind: factor.kind,
      label: factor.label,
      maskedDestination: this.handlers.get(factor.kind)?.maskedDestination(factor) ?? null,
      createdAt: iso(factor.created_at),
    };
  }
}
