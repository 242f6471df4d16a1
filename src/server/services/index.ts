/** Builds every service once, wired together. Routes, the CLI and tests all start here. */
import type { Db } from '../db/database';
import { SecretBox } from '../crypto/secret-box';
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

export interface ServiceOptions {
  db: Db;
  secretKey: Buffer;
  clock?: Clock;
  limits?: Partial<Limits>;
}

export function createServices(options: ServiceOptions) {
  const { db, secretKey } = options;
  const clock = options.clock ?? systemClock;
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const audit = new AuditLog(db, clock);
  const users = new UserDirectory(db);
  const policies = new PolicyService(db);
  const box = new SecretBox(secretKey);
  const factors = new FactorService(db, clock, limits, box, secretKey);
  const throttle = new SecondFactorThrottle(db, clock, limits);
  const rateLimiter = new RateLimiter(db, clock);
  const tokens = new TokenService(db, clock, limits, users, policies);
  const gate = new SecondFactorGate(factors, throttle, audit);
  const signIn = new SignInService(db, clock, limits, users, policies, factors, tokens, gate, rateLimiter, audit);
  const enrollment = new EnrollmentService(clock, factors, policies, tokens, signIn, throttle, audit);
  const account = new AccountService(db, users, factors, tokens, gate, signIn, audit);
  const registrations = new RegistrationService(db, clock, limits, tokens, audit);
  const administration = new AdministrationService(db, clock, users, policies, factors, tokens, registrations, throttle, audit);
  return { db, clock, limits, audit, users, policies, box, factors, throttle, rateLimiter, tokens, gate, signIn, enrollment, account, registrations, administration };
}

export type Services = ReturnType<typeof createServices>;
