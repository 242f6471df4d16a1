/**
 * The add-in gate: decides what the task pane shows and performs the sign-in
 * steps through its ports. No React, no Office, no fetch: the pane renders
 * `view`, calls the intent methods, and subscribes to changes.
 *
 * Triggers (DESIGN.md "The add-in gate"):
 *  - first use on this device (no registration)       → password + code → register
 *  - same Outlook session (session store has a live one) → no prompt (server confirms)
 *  - new Outlook session (session store empty)         → code only (device sign-in)
 *  - session past max age / idle limit                  → code only
 *  - credentials changed (server says so, registration revoked, other mailbox) → password + code
 *  - roaming record alone (copied elsewhere)            → grants nothing
 *  - server unreachable                                 → error + retry, never cached access
 */
import type { MessageDescriptor } from '../../shared/i18n/message-ids';
import { t } from '../../shared/i18n/runtime';
import { signInWithDeviceKey } from './device-sign-in';
import { decideStart, normalizeMailbox, pickDefaultMethod, readRoamingRecord, sessionExpired } from './decide';
import type { SendCodeResponse, SignInResponse } from '../../shared/schemas';
import { E, toGateError } from './errors';
import { DeviceRegistry } from './registration';
import { ROAMING_KEY, writeRoamingRecord } from './roaming-record';
import type {
  CodeReason,
  DeviceRegistration,
  GateError,
  GatePorts,
  GateView,
  MethodInfo,
  SessionGrant,
  SignInReason,
  StoredSession,
  UnavailableMethod,
  VerifyMethod,
} from './types';

export { ROAMING_KEY } from './roaming-record';
export { toGateError } from './errors';

/** Wrong codes at one prompt before the pane warns about the lock. */
export const LOCK_WARNING_AFTER = 5;

type Flow = { kind: 'password'; pendingToken: string } | { kind: 'device'; pendingToken: string; device: DeviceRegistration };

export class Gate {
  private current: GateView = { kind: 'starting' };
  private readonly listeners = new Set<(view: GateView) => void>();
  private flow: Flow | null = null;
  /** Bumped on every new flow so answers to abandoned requests are dropped. */
  private generation = 0;
  private lastRetry: () => Promise<void> = () => this.start();
  private readonly devices: DeviceRegistry;
  /** The code prompt to go back to from the approval wait. */
  private approvalReturn: Extract<GateView, { kind: 'code' }> | null = null;
  private prefetchTaken = false;
  /** Methods the user has that the org turned off: shown on the set-up screen. */
  private enrollNotices: UnavailableMethod[] = [];
  private enrollPasskeyOff = false;

  constructor(private readonly ports: GatePorts) {
    this.devices = new DeviceRegistry(ports);
  }

  get view(): GateView {
    return this.current;
  }

  subscribe(listener: (view: GateView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private show(view: GateView): void {
    this.current = view;
    for (const l of this.listeners) l(view);
  }

  private mailbox(): string | null {
    return normalizeMailbox(this.ports.mailbox());
  }

  /** How this add-in describes itself to the server (sign-in and registration alike). */
  private describeClient(mailbox: string | null) {
    const { label, host, platform } = this.ports.client;
    return { label, ...(host ? { host } : {}), ...(platform ? { platform } : {}), ...(mailbox ? { mailbox } : {}) };
  }

  private accountHint(): string {
    const record = readRoamingRecord(this.ports.roaming.get(ROAMING_KEY), this.mailbox());
    return this.ports.device.load()?.accountHint ?? record?.accountHint ?? '';
  }

  // ---- start -----------------------------------------------------------------

  /** Decide what to ask for when the pane opens (and on retry). */
  async start(): Promise<void> {
    const gen = ++this.generation;
    this.flow = null;
    this.lastRetry = () => this.start();
    const decision = decideStart({
      now: this.ports.clock.now(),
      mailbox: this.ports.mailbox(),
      device: this.ports.device.load(),
      session: this.ports.session.load(),
    });
    // A device sign-in the boot module started: used only for the first decision, if it matches.
    let prefetched: Promise<SignInResponse> | null = null;
    if (!this.prefetchTaken) {
      this.prefetchTaken = true;
      const p = this.ports.takePrefetchedDeviceSignIn?.() ?? null;
      if (
        p &&
        decision.action === 'device' &&
        p.registrationId === decision.device.registrationId &&
        normalizeMailbox(p.mailbox) === normalizeMailbox(decision.device.mailbox)
      ) {
        prefetched = p.answer;
      }
    }
    switch (decision.action) {
      case 'no-mailbox':
        this.show({ kind: 'no-mailbox' });
        return;
      case 'resume':
        return this.resume(decision.session, gen);
      case 'device':
        if (decision.clearSession) this.ports.session.clear();
        return this.deviceSignIn(decision.device, decision.reason, gen, prefetched);
      case 'password':
        if (decision.clearSession) this.ports.session.clear();
        if (decision.clearDevice) this.forgetDevice();
        this.ports.api.setToken(null);
        this.askPassword(decision.reason);
        return;
    }
  }

  private askPassword(reason: SignInReason, error: GateError | null = null): void {
    this.flow = null;
    this.show({ kind: 'sign-in', reason, usernameHint: this.accountHint(), error, busy: false });
  }

  private async resume(session: StoredSession, gen: number): Promise<void> {
    this.ports.api.setToken(session.token);
    this.show({ kind: 'starting' });
    try {
      const me = await this.ports.api.me();
      if (gen !== this.generation) return;
      const refreshed: StoredSession = {
        ...session,
        user: me.user,
        expiresAt: me.session.expiresAt,
        idleExpiresAt: me.session.idleExpiresAt,
      };
      this.ports.session.save(refreshed);
      this.showSignedIn(refreshed, null);
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toGateError(e);
      if (err.code === E.network || err.code === 'unavailable') {
        // Never cached access: without the server's word, nothing is shown.
        this.ports.api.setToken(null);
        this.lastRetry = () => this.start();
        this.show({ kind: 'unreachable', error: err, busy: false });
        return;
      }
      this.sessionEnded(err.code);
    }
  }

  private async deviceSignIn(
    device: DeviceRegistration,
    reason: CodeReason,
    gen: number,
    prefetched: Promise<SignInResponse> | null = null,
  ): Promise<void> {
    this.ports.api.setToken(null);
    this.show({ kind: 'starting' });
    try {
      // decideStart checked that Outlook shows the registered mailbox.
      const answer = await (prefetched ?? signInWithDeviceKey(this.ports.api, this.ports.keys, device));
      if (gen !== this.generation) return;
      if (answer.next === 'done' && answer.session) {
        this.completeSession(answer.session, device.registrationId, null);
        return;
      }
      if (!answer.pendingToken) throw new Error('The server did not start a sign-in.');
      this.flow = { kind: 'device', pendingToken: answer.pendingToken, device };
      if (answer.next === 'enroll' && answer.proofRequired) {
        // A password alone sets up nothing new for someone who had 2FA: the portal takes them through it.
        this.show({ kind: 'no-method', unavailable: answer.unavailableMethods ?? [], accountHint: '', proofRequired: true });
        return;
      }
      if (answer.next === 'enroll') {
        await this.beginEnrollment(gen, answer.unavailableMethods ?? [], answer.passkeyDisallowed === true);
        return;
      }
      this.askCode(reason, answer, device.accountHint);
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toGateError(e);
      if (err.code === E.credentialsChanged || err.code === E.invalidCredentials || err.code === E.unauthenticated) {
        // Registration revoked, epoch bumped, or mailbox differs: password + code.
        this.forgetDevice();
        this.ports.session.clear();
        this.askPassword('credentials-changed');
        return;
      }
      this.lastRetry = () => this.start();
      this.show({ kind: 'unreachable', error: err, busy: false });
    }
  }

  private askCode(reason: CodeReason, answer: Pick<SignInResponse, 'methods' | 'unavailableMethods' | 'passkey'>, accountHint: string): void {
    const methods: MethodInfo[] = answer.methods ?? [];
    const unavailable: UnavailableMethod[] = answer.unavailableMethods ?? [];
    const passkey = answer.passkey === true && !!this.ports.approvals;
    // No code method, but a passkey: the approval in the browser is the way in (no empty code prompt).
    const passkeyOnly = passkey && !methods.length;
    if (!methods.length && unavailable.length && !passkeyOnly) {
      // Every method the user has is refused here (e.g. email codes to this very mailbox): say why, no prompt.
      this.show({ kind: 'no-method', unavailable, accountHint });
      return;
    }
    const usable = methods.length ? methods : [{ method: 'totp' as const }];
    const preferred = pickDefaultMethod(usable);
    this.show({
      kind: 'code',
      reason,
      methods: usable,
      method: preferred.method,
      ...(preferred.factorId && (preferred.method === 'sms' || preferred.method === 'email') ? { factorId: preferred.factorId } : {}),
      unavailable,
      accountHint,
      failures: 0,
      error: null,
      busy: false,
      ...(passkey ? { passkey: true } : {}),
      ...(passkeyOnly ? { passkeyOnly: true } : {}),
    });
  }

  // ---- intents -----------------------------------------------------------------

  async submitPassword(username: string, password: string): Promise<void> {
    const view = this.current;
    if (view.kind !== 'sign-in' || view.busy) return;
    const gen = ++this.generation;
    const mailbox = this.mailbox();
    this.show({ ...view, usernameHint: username, busy: true, error: null });
    try {
      const answer = await this.ports.api.signInWithPassword({
        username,
        password,
        client: { type: 'outlook-addin', ...this.describeClient(mailbox) },
      });
      if (gen !== this.generation) return;
      if (answer.next === 'done' && answer.session) {
        await this.finishFullSignIn(answer.session, gen);
        return;
      }
      if (!answer.pendingToken) throw new Error('The server did not start a sign-in.');
      this.flow = { kind: 'password', pendingToken: answer.pendingToken };
      if (answer.next === 'enroll' && answer.proofRequired) {
        // A password alone sets up nothing new for someone who had 2FA: the portal takes them through it.
        this.show({ kind: 'no-method', unavailable: answer.unavailableMethods ?? [], accountHint: '', proofRequired: true });
        return;
      }
      if (answer.next === 'enroll') {
        await this.beginEnrollment(gen, answer.unavailableMethods ?? [], answer.passkeyDisallowed === true);
        return;
      }
      this.askCode('sign-in', answer, username);
    } catch (e) {
      if (gen !== this.generation) return;
      this.show({ ...view, usernameHint: username, busy: false, error: toGateError(e) });
    }
  }

  /** Switch between authenticator, email, text message and backup code at the code prompt. */
  switchMethod(method: VerifyMethod, factorId?: string): void {
    const view = this.current;
    if (view.kind !== 'code' || view.busy) return;
    const entry = view.methods.find((m) => m.method === method && (factorId === undefined || m.factorId === factorId));
    if (method !== 'backup_code' && !entry) return;
    const { factorId: _previous, ...rest } = view;
    const delivered = method === 'sms' || method === 'email';
    this.show({ ...rest, method, ...(delivered && entry?.factorId ? { factorId: entry.factorId } : {}), error: null });
  }

  /**
   * "Send code by text/email" (and resend) for the chosen method. Resolves with the server's
   * cooldown; rejects with the API error (rate_limited with retryAfter, policy_violation) for
   * the prompt to show. Names the add-in's mailbox so the server can apply the mailbox rule.
   */
  async sendCode(): Promise<SendCodeResponse> {
    const view = this.current;
    const flow = this.flow;
    if (view.kind !== 'code' || !flow || (view.method !== 'sms' && view.method !== 'email')) {
      throw Object.assign(new Error('Choose text message or email first.'), { code: 'invalid_request' });
    }
    const mailbox = this.mailbox();
    try {
      return await this.ports.api.sendCode(
        { method: view.method, ...(view.factorId ? { factorId: view.factorId } : {}), ...(mailbox ? { mailbox } : {}) },
        flow.pendingToken,
      );
    } catch (e) {
      const err = toGateError(e);
      if (this.flow === flow && this.current.kind === 'code' && (err.code === E.pendingExpired || err.code === E.credentialsChanged)) {
        this.attemptEnded(err.code, this.current, flow);
      }
      throw e;
    }
  }

  async submitCode(code: string): Promise<void> {
    const view = this.current;
    const flow = this.flow;
    if (view.kind !== 'code' || view.busy || !flow) return;
    const trimmed = view.method === 'backup_code' ? code.trim() : code.replace(/\s+/g, '');
    if (!trimmed) {
      this.show({ ...view, error: { code: 'empty', message: '' } });
      return;
    }
    const gen = ++this.generation;
    this.show({ ...view, busy: true, error: null });
    const factorId = view.factorId ?? view.methods.find((m) => m.method === view.method)?.factorId;
    try {
      const { session } = await this.ports.api.verify(flow.pendingToken, {
        method: view.method,
        code: trimmed,
        ...(factorId ? { factorId } : {}),
      });
      if (gen !== this.generation) return;
      this.flow = null;
      if (flow.kind === 'device') this.completeSession(session, flow.device.registrationId, null);
      else await this.finishFullSignIn(session, gen);
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toGateError(e);
      if (err.code === E.pendingExpired || err.code === E.credentialsChanged) {
        this.attemptEnded(err.code, view, flow);
        return;
      }
      const failures = err.code === E.invalidCode ? view.failures + 1 : view.failures;
      this.show({ ...view, busy: false, failures, error: err });
    }
  }

  /** The sign-in attempt behind the code prompt is over: start again as the answer says. */
  private attemptEnded(code: string, view: Extract<GateView, { kind: 'code' }>, flow: Flow): void {
    this.flow = null;
    if (code === E.pendingExpired) {
      // Took too long: start over (a registered device asks for a code again).
      if (flow.kind === 'device') void this.deviceSignIn(flow.device, view.reason, ++this.generation);
      else {
        ++this.generation;
        this.askPassword('pending-expired');
      }
      return;
    }
    ++this.generation;
    this.forgetDevice();
    this.ports.session.clear();
    this.askPassword('credentials-changed');
  }

  /** "Approve with a passkey in your browser" from the code prompt: then the same as after a right code. */
  async approveInBrowser(): Promise<void> {
    const view = this.current;
    const flow = this.flow;
    const approvals = this.ports.approvals;
    if (view.kind !== 'code' || view.busy || !flow || !approvals) return;
    const gen = ++this.generation;
    const current = () => gen === this.generation;
    this.show({ ...view, busy: true, error: null });
    try {
      // The approval flow's code is fetched when chosen: most sign-ins never use it.
      const { startApproval, waitForDecision } = await import(/* webpackChunkName: "gate-approval" */ './approval.js');
      const { request, opened } = await startApproval(approvals, this.ports.openBrowser, flow.pendingToken, this.ports.client.host);
      if (!current()) return;
      this.approvalReturn = { ...view, busy: false, error: null };
      this.show({ kind: 'approve', reason: view.reason, number: request.number, url: request.approvalUrl, opened, expiresAt: request.expiresAt, accountHint: view.accountHint, ...(view.passkeyOnly ? { passkeyOnly: true } : {}) });
      const answer = await waitForDecision(approvals, flow.pendingToken, request.requestId, current, {
        ...(this.ports.sleep ? { sleep: this.ports.sleep } : {}),
        expiresAt: request.expiresAt,
        now: () => this.ports.clock.now(),
        // "Can't reach CloudSync, retrying" while checks fail; the number stays on screen.
        onReachable: (reachable) => {
          if (current() && this.current.kind === 'approve') this.show({ ...this.current, unreachable: !reachable });
        },
      });
      if (!answer || !current()) return;
      if (answer.status === 'approved' && answer.session) {
        this.flow = null;
        if (flow.kind === 'device') this.completeSession(answer.session, flow.device.registrationId, null);
        else await this.finishFullSignIn(answer.session, gen);
        return;
      }
      // Denied, wrong number, expired, another account's passkey, used: still signed out, and why.
      this.show({ ...view, busy: false, error: { code: `approval_${answer.reason ?? 'ended'}`, message: answer.detail ?? '' } });
    } catch (e) {
      if (!current()) return;
      const err = toGateError(e);
      if (err.code === E.pendingExpired || err.code === E.credentialsChanged) {
        this.attemptEnded(err.code, view, flow);
        return;
      }
      this.show({ ...view, busy: false, error: err });
    }
  }

  /** "Enter a code instead" while waiting for the browser: back to the code prompt (the request just expires). */
  cancelApproval(): void {
    if (this.current.kind !== 'approve' || !this.approvalReturn) return;
    ++this.generation;
    this.show(this.approvalReturn);
  }

  /** "Sign in with password instead" from the code prompt. */
  usePassword(): void {
    ++this.generation;
    this.flow = null;
    this.askPassword('first-use');
  }

  private async beginEnrollment(gen: number, unavailable?: UnavailableMethod[], passkeyDisallowed = false): Promise<void> {
    if (unavailable) {
      this.enrollNotices = unavailable;
      this.enrollPasskeyOff = passkeyDisallowed;
    }
    const notices = { ...(this.enrollNotices.length ? { unavailable: this.enrollNotices } : {}), ...(this.enrollPasskeyOff ? { passkeyDisallowed: true } : {}) };
    const flow = this.flow;
    if (!flow) return;
    this.show({ kind: 'enroll', enrollment: null, error: null, busy: true, ...notices });
    try {
      const enrollment = await this.ports.api.startTotpEnrollment({ label: t('pane.enroll.factorLabel') }, flow.pendingToken);
      if (gen !== this.generation) return;
      this.show({ kind: 'enroll', enrollment, error: null, busy: false, ...notices });
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toGateError(e);
      if (err.code === E.pendingExpired) {
        this.askPassword('pending-expired');
        return;
      }
      this.show({ kind: 'enroll', enrollment: null, error: err, busy: false, ...notices });
    }
  }

  /** Retry starting enrollment after an error. */
  async retryEnrollment(): Promise<void> {
    if (this.current.kind !== 'enroll' || this.current.busy) return;
    await this.beginEnrollment(++this.generation);
  }

  async confirmEnrollment(code: string): Promise<void> {
    const view = this.current;
    const flow = this.flow;
    if (view.kind !== 'enroll' || view.busy || !view.enrollment || !flow) return;
    const digits = code.replace(/\s+/g, '');
    if (!digits) {
      this.show({ ...view, error: { code: 'empty', message: '' } });
      return;
    }
    const gen = ++this.generation;
    this.show({ ...view, busy: true, error: null });
    try {
      const answer = await this.ports.api.confirmEnrollment({ factorId: view.enrollment.factorId, code: digits }, flow.pendingToken);
      if (gen !== this.generation) return;
      if (!answer.session) throw new Error('The server did not finish the sign-in.');
      this.flow = null;
      const codes = answer.backupCodes ?? [];
      if (flow.kind === 'device') this.completeSession(answer.session, flow.device.registrationId, null, true);
      else await this.finishFullSignIn(answer.session, gen, true);
      if (gen !== this.generation) return;
      const session = this.ports.session.load();
      if (codes.length) this.show({ kind: 'backup-codes', codes });
      else if (session) this.showSignedIn(session, { id: 'pane.signedIn.twoStepOn' });
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toGateError(e);
      if (err.code === E.pendingExpired) {
        this.askPassword('pending-expired');
        return;
      }
      this.show({ ...view, busy: false, error: err });
    }
  }

  /** "I saved them": leave the backup codes screen. */
  acknowledgeBackupCodes(): void {
    if (this.current.kind !== 'backup-codes') return;
    const session = this.ports.session.load();
    if (session) this.showSignedIn(session, { id: 'pane.signedIn.twoStepOn' });
    else void this.start();
  }

  /** Retry after "server unreachable". */
  async retry(): Promise<void> {
    const view = this.current;
    if (view.kind === 'unreachable') {
      if (view.busy) return;
      this.show({ ...view, busy: true });
    }
    await this.lastRetry();
  }

  /** The authenticated client (or a view) learned that the session ended. */
  sessionEnded(code: string): void {
    ++this.generation;
    this.ports.api.setToken(null);
    this.ports.session.clear();
    if (code === E.credentialsChanged) {
      this.forgetDevice();
      this.askPassword('credentials-changed');
      return;
    }
    const device = this.ports.device.load();
    if (device && normalizeMailbox(device.mailbox) === this.mailbox()) {
      void this.deviceSignIn(device, 'session-expired', ++this.generation);
    } else {
      this.askPassword('first-use');
    }
  }

  /** Called periodically and on focus: a session past its limits asks for a code. */
  tick(): void {
    if (this.current.kind !== 'signed-in') return;
    const session = this.ports.session.load();
    if (!session) {
      // Signed out elsewhere (the ribbon command) in this Outlook session.
      ++this.generation;
      this.ports.api.setToken(null);
      this.show({ kind: 'signed-out' });
      return;
    }
    if (sessionExpired(session, this.ports.clock.now())) this.sessionEnded(E.sessionExpired);
  }

  /** The server told us newer limits (e.g. after GET /me). */
  sessionRefreshed(limits: { expiresAt: string; idleExpiresAt: string }): void {
    const session = this.ports.session.load();
    if (!session) return;
    const next = { ...session, ...limits };
    this.ports.session.save(next);
    if (this.current.kind === 'signed-in') this.showSignedIn(next, this.current.notice);
  }

  async signOut(): Promise<void> {
    ++this.generation;
    this.flow = null;
    try {
      await this.ports.api.signOut();
    } catch {
      // The server session dies on its idle limit anyway; the local state goes now.
    }
    this.ports.api.setToken(null);
    this.ports.session.clear();
    try {
      this.ports.roaming.remove(ROAMING_KEY);
      await this.ports.roaming.save();
    } catch {
      // Roaming settings are a cache.
    }
    this.show({ kind: 'signed-out' });
  }

  // ---- completion ------------------------------------------------------------------

  /** After password + code: register this device (or re-register), then sign in. */
  private async finishFullSignIn(grant: SessionGrant, gen: number, quiet = false): Promise<void> {
    this.ports.api.setToken(grant.token);
    const mailbox = this.mailbox();
    const result = await this.devices.registerAfterFullSignIn(grant, mailbox, this.describeClient(mailbox), () => gen === this.generation);
    if (!result) return;
    this.completeSession(grant, result.registrationId, result.notice, quiet);
  }

  /** Drops this device's registration (and its key) and remembers its id for revocation. */
  private forgetDevice(): void {
    this.devices.forgetDevice();
  }

  private completeSession(grant: SessionGrant, registrationId: string | null, notice: MessageDescriptor | null, quiet = false): void {
    const session: StoredSession = {
      token: grant.token,
      sessionId: grant.sessionId,
      expiresAt: grant.expiresAt,
      idleExpiresAt: grant.idleExpiresAt,
      mailbox: this.mailbox() ?? '',
      registrationId,
      user: grant.user,
    };
    this.ports.api.setToken(grant.token);
    this.ports.session.save(session);
    void writeRoamingRecord(this.ports, session);
    if (!quiet) this.showSignedIn(session, notice);
  }

  private showSignedIn(session: StoredSession, notice: MessageDescriptor | null): void {
    const { token: _token, ...visible } = session;
    this.show({ kind: 'signed-in', session: visible, registrationId: session.registrationId, notice });
  }
}
