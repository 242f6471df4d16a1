/** Builds every service once, wired together. Routes, the CLI and tests all start here. */
import type { Db } from '../db/database';
import { DeviceChallenges } from '../crypto/device-keys';
import { SecretBox } from '../crypto/secret-box';
import { KeyedHasher } from '../crypto/tokens';
import { AccountService } from './account';
import { AdministrationService } from './administration';
import { AuditLog } from './audit';
import { systemClock, type Clock } from './clock';
import { EnrollmentService } from './enrollment';
import { FactorService } from './factors';
import { defaultLimits, type Limits } from './limits';
import { PolicyService } from './policy';
import { RateLimiter } from './rate-limit';
import { RegistrationService } from './registrations';
import { SecondFactorGate } from './second-factor';
import { SignInService } from './sign-in';
import { SecondFactorThrottle } from './throttle';
import { TokenService } from './tokens';
import { UserDirectory } from './users';
import { createDelivery, type DeliveryOptions } from '../delivery';
import { DeliveredCodeHandler, DeliveredCodeService } from './delivered-codes';
import { DeliveredFactorService } from './delivered-factors';
import { NotificationService } from './notifications';
import { PasskeyService } from './passkeys';
import { PasskeyAuthService } from './passkey-auth';
import { ApprovalRequestService } from './approval-requests';
import { RequiredPasswordChange } from './password-change';
import { PreferenceService } from './preferences';

export interface ServiceOptions {
  db: Db;
  secretKey: Buffer;
  /** SECRET_KEY_PREVIOUS after a rotation: backup codes made under it still work. */
  previousSecretKey?: Buffer | null;
  clock?: Clock;
  limits?: Partial<Limits>;
  /** Email/SMS delivery (config.delivery in main); default: the dev outbox, not printed. */
  delivery?: Omit<DeliveryOptions, 'db' | 'clock'>;
  /** PUBLIC_URL: the passkeys' relying party (origin, and its host as RP id). */
  publicUrl?: string;
}

export function createServices(options: ServiceOptions) {
  const { db, secretKey } = options;
  const clock = options.clock ?? systemClock;
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const audit = new AuditLog(db, clock);
  const users = new UserDirectory(db);
  const policies = new PolicyService(db);
  const box = new SecretBox(secretKey);
  const factors = new FactorService(db, clock, limits, box, secretKey, options.previousSecretKey ?? null);
  const throttle = new SecondFactorThrottle(db, clock, limits);
  const rateLimiter = new RateLimiter(db, clock);
  const tokens = new TokenService(db, clock, limits);
  const gate = new SecondFactorGate(factors, throttle, audit);
  const delivery = createDelivery({
    settings: { email: { kind: 'outbox', log: false }, sms: { kind: 'outbox', log: false } },
    ...options.delivery,
    db,
    clock,
  });
  const codes = new DeliveredCodeService(db, clock, limits, rateLimiter, delivery, audit, secretKey);
  factors.register(new DeliveredCodeHandler('sms', codes));
  factors.register(new DeliveredCodeHandler('email', codes));
  const delivered = new DeliveredFactorService(db, clock, factors, policies, tokens, codes, audit);
  const challenges = new DeviceChallenges(secretKey, limits.deviceChallengeMs);
  const passkeys = new PasskeyService(db, clock, users, policies, audit, { origin: new URL(options.publicUrl ?? 'https://localhost:3000').origin });
  // A passkey is a second step too: a user whose only method is a passkey still needs one after the password.
  const methodSource = {
    async availability(...args: Parameters<DeliveredFactorService['availability']>) {
      const found = await delivered.availability(...args);
      // A passkey the org turned off is like a code method it turned off: 2FA stays on, another method is set up.
      const count = found.passkeyCount ?? (await passkeys.count(args[0]));
      if (count === 0) return found;
      if (!args[1].passkeysAllowed) return { ...found, active: found.active + count, passkeyDisallowed: true };
      return { ...found, usable: found.usable + count, active: found.active + count };
    },
  };
  const signIn = new SignInService(db, clock, limits, users, policies, factors, tokens, gate, throttle, rateLimiter, audit, methodSource, challenges, new KeyedHasher(secretKey, 'sign-in-usernames'));
  const enrollment = new EnrollmentService(clock, factors, policies, tokens, signIn, throttle, audit);
  const account = new AccountService(db, users, factors, tokens, gate, signIn, audit);
  const registrations = new RegistrationService(db, clock, limits, tokens, audit);
  const administration = new AdministrationService(db, clock, users, policies, factors, tokens, registrations, throttle, audit);
  const notifications = new NotificationService(delivery, clock, audit);
  const passkeyAuth = new PasskeyAuthService(db, clock, limits, passkeys, policies, tokens, signIn, rateLimiter, audit);
  passkeys.events.onAdded = (user, name) => notifications.notify(user, { kind: 'passkey_added', name });
  passkeys.events.onRemoved = (user, name) => notifications.notify(user, { kind: 'passkey_removed', name });
  account.passkeys = {
    count: async (userId, policy) => (policy.passkeysAllowed ? passkeys.count(userId) : 0),
    freshProof: (auth) => passkeyAuth.hasFreshPasskeyStepUp(auth),
    remove: (user, id, ctx) => passkeys.remove(user, id, ctx),
  };
  factors.hasOtherFactor = async (userId, policy, db) => policy.passkeysAllowed && (await passkeys.count(userId, db)) > 0;
  const approvals = new ApprovalRequestService(db, clock, users, signIn, audit, () => passkeys);
  const passwordChange = new RequiredPasswordChange(db);
  const preferences = new PreferenceService(db, audit);
  const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
  gate.events.onLocked = (user, lockMs) => notifications.notify(user, { kind: 'account_locked', minutes: minutes(lockMs) });
  enrollment.events.onLocked = (user, lockMs) => notifications.notify(user, { kind: 'account_locked', minutes: minutes(lockMs) });
  enrollment.events.onFactorAdded = (user, kind) => notifications.notify(user, { kind: 'factor_added', method: kind });
  account.events.onFactorRemoved = (user, kind, twoFactorOff) => notifications.notify(user, { kind: 'factor_removed', method: kind, twoFactorOff });
  account.events.onBackupCodesRegenerated = (user) => notifications.notify(user, { kind: 'backup_codes_regenerated' });
  account.events.onPasswordChanged = (user) => notifications.notify(user, { kind: 'password_changed', byAdmin: false });
  administration.events.onTwoFactorReset = (user) => notifications.notify(user, { kind: 'two_factor_reset' });
  administration.events.onPasswordSet = (user) => notifications.notify(user, { kind: 'password_changed', byAdmin: true });
  return { db, clock, limits, audit, users, policies, box, factors, throttle, rateLimiter, tokens, gate, signIn, enrollment, account, registrations, administration, delivery, codes, delivered, notifications, passkeys, passkeyAuth, approvals, passwordChange, preferences };
}

export type Services = ReturnType<typeof createServices>;
