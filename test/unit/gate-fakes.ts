/**
 * Test doubles for the gate: an in-memory auth server that follows the
 * contract (pending tokens, sessions with idle/absolute limits, device
 * registrations bound to a credential epoch and a mailbox), a fake clock,
 * in-memory stores and roaming settings.
 */
import type {
  DeviceChallengeRequest,
  DeviceChallengeResponse,
  DevicePublicKey,
  DeviceSignInRequest,
  EnrollConfirmRequest,
  EnrollConfirmResponse,
  MeResponse,
  PasswordSignInRequest,
  RegistrationCreateRequest,
  RegistrationCreateResponse,
  MethodInfo,
  SendCodeRequest,
  SendCodeResponse,
  SessionGrant,
  SessionResponse,
  SignInResponse,
  TotpEnrollStartResponse,
  UnavailableMethod,
  VerifyRequest,
} from '../../src/shared/schemas';
import { deviceProofMessage } from '../../src/shared/device-proof';
import type { ApprovalCreateResponse, ApprovalEnd, ApprovalWaitResponse } from '../../src/shared/approval-schemas';
import type { ApprovalApi, DeviceKeyPort, GateApi, KeyValueStore, NewDeviceKey, RoamingPort } from '../../src/taskpane/gate/types';

export class FakeClock {
  constructor(public t = Date.parse('2030-01-01T08:00:00Z')) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export class ApiErr extends Error {
  constructor(readonly code: string, readonly status: number, readonly problem: { detail: string; retryAfter?: number }) {
    super(problem.detail);
  }
}

const MIN = 60_000;
let counter = 0;
const id = (p: string) => `${p}${++counter}`;

interface Reg { id: string; publicKey: DevicePublicKey; mailbox: string; epoch: number; revoked: boolean }
interface Sess { id: string; token: string; createdAt: number; lastUsed: number; epoch: number; registrationId: string | null }
interface Pending { token: string; expiresAt: number; used: boolean; kind: 'password' | 'device'; registrationId: string | null }

export class FakeAuthServer implements GateApi {
  username = 'ada';
  password = 'correct horse';
  code = '123456';
  backupCodes = new Set(['ABCD-EFGH-JKLM']);
  hasFactor = true;
  require2fa = false;
  /** The user had 2FA and every method they have is off: sign-in answers enroll with proofRequired. */
  proofRequired = false;
  epoch = 1;
  maxAgeMs = 12 * 60 * MIN;
  idleMs = 60 * MIN;
  pendingMs = 10 * MIN;
  down = false;
  failRegister = false;
  lockAfter = 10;
  failures = 0;
  token: string | null = null;
  /** What the verify answer offers (default: authenticator app + backup code). */
  methods: MethodInfo[] = [{ method: 'totp', factorId: 'f1' }, { method: 'backup_code' }];
  unavailable: UnavailableMethod[] = [];
  /** The code the last send-code "delivered". */
  deliveredCode = '654321';
  readonly sendRequests: { body: SendCodeRequest; token: string | null | undefined }[] = [];
  readonly passwordRequests: PasswordSignInRequest[] = [];
  readonly deviceRequests: DeviceSignInRequest[] = [];
  /** Challenges issued and not used yet. */
  readonly challenges = new Set<string>();
  /** Answer to DELETE /registrations/:id for these ids (default: revoke). */
  revokeFailures = new Map<string, ApiErr>();
  readonly calls: string[] = [];
  readonly registrations = new Map<string, Reg>();
  readonly sessions = new Map<string, Sess>();
  readonly pendings = new Map<string, Pending>();
  private enrollment: { factorId: string } | null = null;
  /** The user has a passkey: the verify answer says so (approval in the browser is offered). */
  passkey = false;
  /** The user's passkeys are turned off by the org: the enroll answer says so. */
  passkeyDisallowed = false;
  /** Approval requests: what the approval page decided (set by the test), per request id. */
  readonly approvals = new Map<string, { pendingToken: string; number: string; decision: 'waiting' | 'approved' | ApprovalEnd; used: boolean }>();
  /** The pane's approval API, over this server's pending sign-ins. */
  readonly approvalApi: ApprovalApi = {
    create: async (pendingToken, body): Promise<ApprovalCreateResponse> => {
      this.net(`approval:create${body.host ? `:${body.host}` : ''}`);
      this.usePending(pendingToken);
      const requestId = id('approval').padEnd(22, 'x');
      this.approvals.set(requestId, { pendingToken, number: '42', decision: 'waiting', used: false });
      return { requestId, approvalUrl: `https://cloudsync.example/portal#/approve/${requestId}`, number: '42', expiresAt: new Date(this.clock.now() + 2 * MIN).toISOString() };
    },
    wait: async (pendingToken, requestId): Promise<ApprovalWaitResponse> => {
      this.net('approval:wait');
      const p = this.usePending(pendingToken);
      const a = this.approvals.get(requestId);
      if (!a || a.pendingToken !== pendingToken) this.fail('not_found', 404);
      if (a.decision === 'waiting') return { status: 'waiting' };
      if (a.used) return { status: 'ended', reason: 'used', detail: 'ended: used' };
      if (a.decision !== 'approved') return { status: 'ended', reason: a.decision, detail: `ended: ${a.decision}` };
      a.used = true;
      p.used = true;
      return { status: 'approved', session: this.grant(p.registrationId) };
    },
  };

  constructor(private readonly clock: FakeClock) {}

  private net(name: string): void {
    this.calls.push(name);
    if (this.down) throw new ApiErr('network_error', 0, { detail: 'The AXIS CloudSync server could not be reached.' });
  }
  private fail(code: string, status: number, detail = code, retryAfter?: number): never {
    throw new ApiErr(code, status, { detail, ...(retryAfter ? { retryAfter } : {}) });
  }
  private user() {
    return { id: 'u1', username: this.username, displayName: 'Ada', email: null, role: 'user' as const, orgId: 'o1', orgName: 'Org' };
  }
  private pending(kind: Pending['kind'], registrationId: string | null): SignInResponse {
    const p: Pending = { token: id('pend'), expiresAt: this.clock.now() + this.pendingMs, used: false, kind, registrationId };
    this.pendings.set(p.token, p);
    if (!this.hasFactor && this.require2fa) {
      return {
        next: 'enroll',
        pendingToken: p.token,
        pendingExpiresAt: new Date(p.expiresAt).toISOString(),
        allowedMethods: ['totp'],
        ...(this.proofRequired ? { proofRequired: true, proofMethods: [{ method: 'backup_code' as const }] } : {}),
        ...(this.unavailable.length ? { unavailableMethods: this.unavailable.map((u) => ({ ...u })) } : {}),
        ...(this.passkeyDisallowed ? { passkeyDisallowed: true } : {}),
      };
    }
    return {
      next: 'verify',
      pendingToken: p.token,
      pendingExpiresAt: new Date(p.expiresAt).toISOString(),
      methods: this.methods.map((m) => ({ ...m })),
      ...(this.unavailable.length ? { unavailableMethods: this.unavailable.map((u) => ({ ...u })) } : {}),
      ...(this.passkey ? { passkey: true } : {}),
    };
  }
  private grant(registrationId: string | null): SessionGrant {
    const now = this.clock.now();
    const s: Sess = { id: id('sess'), token: id('tok'), createdAt: now, lastUsed: now, epoch: this.epoch, registrationId };
    this.sessions.set(s.token, s);
    return this.grantOf(s);
  }
  private grantOf(s: Sess): SessionGrant {
    return {
      token: s.token,
      sessionId: s.id,
      expiresAt: new Date(s.createdAt + this.maxAgeMs).toISOString(),
      idleExpiresAt: new Date(s.lastUsed + this.idleMs).toISOString(),
      user: this.user(),
    };
  }
  private usePending(token: string): Pending {
    const p = this.pendings.get(token);
    if (!p || p.used) this.fail('unauthenticated', 401);
    if (this.clock.now() >= p.expiresAt) this.fail('pending_expired', 401);
    return p;
  }
  private useSession(): Sess {
    const s = this.token ? this.sessions.get(this.token) : undefined;
    if (!s) this.fail('unauthenticated', 401);
    if (s.epoch !== this.epoch) this.fail('credentials_changed', 401);
    if (s.registrationId && this.registrations.get(s.registrationId)?.revoked) this.fail('credentials_changed', 401);
    const now = this.clock.now();
    if (now >= s.createdAt + this.maxAgeMs || now >= s.lastUsed + this.idleMs) this.fail('session_expired', 401);
    s.lastUsed = now;
    return s;
  }

  setToken(token: string | null): void {
    this.token = token;
  }
  async signInWithPassword(body: PasswordSignInRequest): Promise<SignInResponse> {
    this.net('password');
    this.passwordRequests.push(body);
    if (body.username !== this.username || body.password !== this.password) this.fail('invalid_credentials', 401);
    if (!this.hasFactor && !this.require2fa) return { next: 'done', session: this.grant(null) };
    return this.pending('password', null);
  }
  async deviceChallenge(body: DeviceChallengeRequest): Promise<DeviceChallengeResponse> {
    this.net('device-challenge');
    const challenge = `${body.registrationId}.${id('challenge')}`;
    this.challenges.add(challenge);
    return { challenge, expiresAt: new Date(this.clock.now() + 2 * MIN).toISOString() };
  }
  async signInWithDevice(body: DeviceSignInRequest): Promise<SignInResponse> {
    this.net('device');
    this.deviceRequests.push(body);
    const r = this.registrations.get(body.registrationId);
    // As the server: the challenge it issued for this registration, once, signed by the registered key.
    const fresh = !!body.challenge && body.challenge.startsWith(`${body.registrationId}.`) && this.challenges.delete(body.challenge);
    if (!r || !fresh || body.signature !== FakeDeviceKeys.signatureOf(r.publicKey, deviceProofMessage(body.challenge!))) this.fail('credentials_changed', 401);
    if (r.revoked || r.epoch !== this.epoch || (body.mailbox && body.mailbox !== r.mailbox)) this.fail('credentials_changed', 401);
    return this.pending('device', r.id);
  }
  async verify(pendingToken: string, body: VerifyRequest): Promise<SessionResponse> {
    this.net('verify');
    const p = this.usePending(pendingToken);
    const locked = this.failures >= this.lockAfter;
    const delivered = body.method === 'sms' || body.method === 'email';
    const ok = body.method === 'backup_code' ? this.backupCodes.has(body.code) : delivered ? body.code === this.deliveredCode : body.code === this.code;
    if (locked || !ok) {
      this.failures++;
      this.fail('invalid_code', 401, 'The code is not valid.', this.failures >= this.lockAfter ? 900 : undefined);
    }
    if (body.method === 'backup_code') this.backupCodes.delete(body.code);
    this.failures = 0;
    p.used = true;
    return { session: this.grant(p.registrationId) };
  }
  async sendCode(body: SendCodeRequest, token?: string | null): Promise<SendCodeResponse> {
    this.net('send-code');
    this.usePending(token ?? '');
    this.sendRequests.push({ body, token });
    return { resendAfterSeconds: 30, codeValidSeconds: 600 };
  }
  async revokeRegistration(id: string): Promise<void> {
    this.net(`revoke:${id}`);
    this.useSession();
    const failure = this.revokeFailures.get(id);
    if (failure) throw failure;
    const r = this.registrations.get(id);
    if (!r || r.revoked) this.fail('not_found', 404);
    r.revoked = true;
  }
  /** Live registrations (what the devices list shows). */
  liveRegistrations(): string[] {
    return [...this.registrations.values()].filter((r) => !r.revoked && r.epoch === this.epoch).map((r) => r.id);
  }
  async startTotpEnrollment(_body: unknown, token?: string | null): Promise<TotpEnrollStartResponse> {
    this.net('enroll-start');
    this.usePending(token ?? '');
    this.enrollment = { factorId: id('factor') };
    return { factorId: this.enrollment.factorId, secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/x', qrSvg: '<svg/>' };
  }
  async confirmEnrollment(body: EnrollConfirmRequest, token?: string | null): Promise<EnrollConfirmResponse> {
    this.net('enroll-confirm');
    const p = this.usePending(token ?? '');
    if (!this.enrollment || body.factorId !== this.enrollment.factorId) this.fail('conflict', 409);
    if (body.code !== this.code) this.fail('invalid_code', 401);
    p.used = true;
    this.hasFactor = true;
    return {
      factor: { id: body.factorId, kind: 'totp', label: 'Authenticator app', maskedDestination: null, createdAt: new Date(this.clock.now()).toISOString() },
      backupCodes: ['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF'],
      session: this.grant(p.registrationId),
    };
  }
  async register(body: RegistrationCreateRequest): Promise<RegistrationCreateResponse> {
    this.net('register');
    const s = this.useSession();
    if (this.failRegister) this.fail('unavailable', 503);
    if (!body.publicKey) this.fail('invalid_request', 400, 'The add-in registers key-bound.');
    const r: Reg = { id: id('reg'), publicKey: body.publicKey, mailbox: body.mailbox ?? '', epoch: this.epoch, revoked: false };
    this.registrations.set(r.id, r);
    s.registrationId = r.id;
    const now = new Date(this.clock.now()).toISOString();
    return {
      registration: { id: r.id, clientType: 'outlook-addin', label: body.label, host: body.host ?? null, platform: body.platform ?? null, mailboxHint: body.mailbox ?? null, createdAt: now, lastSeenAt: now, current: true },
    };
  }
  async me(): Promise<MeResponse> {
    this.net('me');
    const s = this.useSession();
    const g = this.grantOf(s);
    return {
      user: g.user,
      twoFactorEnabled: this.hasFactor,
      factors: [],
      backupCodesLeft: this.backupCodes.size,
      policy: { require2fa: this.require2fa, allowedMethods: ['totp'], sessionMaxAgeSeconds: this.maxAgeMs / 1000, sessionIdleSeconds: this.idleMs / 1000, appPinRequired: false, allowEmailToAddinMailbox: false },
      session: { id: s.id, clientType: 'outlook-addin', registrationId: s.registrationId, createdAt: '', lastUsedAt: '', expiresAt: g.expiresAt, idleExpiresAt: g.idleExpiresAt, ip: null, userAgent: null, current: true },
      stepUpExpiresAt: null,
      locale: null,
      timeZone: null,
    };
  }
  async signOut(): Promise<void> {
    this.net('sign-out');
    const s = this.useSession();
    this.sessions.delete(s.token);
  }

  /** Password change / 2FA reset: bump the epoch. */
  changeCredentials(): void {
    this.epoch++;
  }
  revoke(registrationId: string): void {
    const r = this.registrations.get(registrationId);
    if (r) r.revoked = true;
  }
}

/**
 * The device's keys, in memory: a "signature" is the key's public part with the message, so the fake server
 * can check it, and nothing but this object can make one for a key it holds (as with a non-extractable key).
 */
export class FakeDeviceKeys implements DeviceKeyPort {
  readonly kept = new Map<string, DevicePublicKey>();
  failKeep = false;
  /** As where IndexedDB is blocked: no key can be made here. */
  failCreate = false;
  static signatureOf(key: DevicePublicKey, message: Uint8Array): string {
    return `sig:${key.x}:${Buffer.from(message).toString('base64url')}`;
  }
  async create(): Promise<NewDeviceKey> {
    if (this.failCreate) throw new Error('InvalidStateError: IndexedDB is blocked');
    const x = id('key').padEnd(43, 'x');
    const publicKey: DevicePublicKey = { kty: 'EC', crv: 'P-256', x, y: x };
    return {
      publicKey,
      keep: async (registrationId) => {
        if (this.failKeep) throw new Error('QuotaExceededError');
        this.kept.set(registrationId, publicKey);
      },
    };
  }
  async sign(registrationId: string, message: Uint8Array): Promise<string | null> {
    const key = this.kept.get(registrationId);
    return key ? FakeDeviceKeys.signatureOf(key, message) : null;
  }
  async forget(registrationId: string): Promise<void> {
    this.kept.delete(registrationId);
  }
  /** Registrations whose key was asked to be read ahead of a signature. */
  readonly preloaded: string[] = [];
  preload(registrationId: string): void {
    this.preloaded.push(registrationId);
  }
}

export class MemoryStore<T> implements KeyValueStore<T> {
  value: T | null = null;
  load(): T | null {
    return this.value === null ? null : (JSON.parse(JSON.stringify(this.value)) as T);
  }
  save(value: T): void {
    this.value = JSON.parse(JSON.stringify(value)) as T;
  }
  clear(): void {
    this.value = null;
  }
}

export class MemoryRoaming implements RoamingPort {
  pending = new Map<string, unknown>();
  saved = new Map<string, unknown>();
  saves = 0;
  get<T>(key: string): T | undefined {
    return this.pending.get(key) as T | undefined;
  }
  set(key: string, value: unknown): void {
    this.pending.set(key, JSON.parse(JSON.stringify(value)));
  }
  remove(key: string): void {
    this.pending.delete(key);
  }
  async save(): Promise<void> {
    this.saves++;
    this.saved = new Map(this.pending);
  }
  /** What a copy of this mailbox's roaming settings would carry elsewhere. */
  copy(): MemoryRoaming {
    const r = new MemoryRoaming();
    r.pending = new Map(this.saved);
    r.saved = new Map(this.saved);
    return r;
  }
}

/** Outlook's Office.context.ui.openBrowserWindow (OpenBrowserWindowApi 1.1), or its absence. */
export class FakeOutlookBrowser {
  readonly opened: string[] = [];
  constructor(public supported = true) {}
  openBrowserWindow = async (url: string): Promise<boolean> => {
    if (!this.supported) return false;
    this.opened.push(url);
    return true;
  };
}
