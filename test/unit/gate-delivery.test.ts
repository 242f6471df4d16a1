/**
 * The gate and issue 5 (SMS and email codes) plus its two add-in fixes: method
 * choice and order, sending a code (with the add-in's mailbox), the add-in
 * mailbox rule and "no method left", revoking the registration a device
 * replaces, and the boot module's prefetched device sign-in.
 */
import { pickDefaultMethod } from '../../src/taskpane/gate/decide';
import { Gate } from '../../src/taskpane/gate/gate';
import type { DeviceRegistration, GateView, PrefetchedDeviceSignIn, StoredSession } from '../../src/taskpane/gate/types';
import { ApiErr, FakeAuthServer, FakeClock, FakeDeviceKeys, MemoryRoaming, MemoryStore } from './gate-fakes';
import { signInWithDeviceKey } from '../../src/taskpane/gate/device-sign-in';

const MAILBOX = 'ada@contoso.com';
const settle = () => new Promise((r) => setImmediate(r));

class World {
  clock = new FakeClock();
  server = new FakeAuthServer(this.clock);
  device = new MemoryStore<DeviceRegistration>();
  keys = new FakeDeviceKeys();
  session = new MemoryStore<StoredSession>();
  retired = new MemoryStore<string[]>();
  roaming = new MemoryRoaming();
  mailbox: string | null = MAILBOX;
  prefetch: PrefetchedDeviceSignIn | null = null;

  async open(): Promise<Gate> {
    const gate = new Gate({
      api: this.server,
      device: this.device,
      keys: this.keys,
      session: this.session,
      retired: this.retired,
      roaming: this.roaming,
      clock: this.clock,
      mailbox: () => this.mailbox,
      client: { label: 'Outlook on the web', host: 'OutlookWebApp', platform: 'OfficeOnline' },
      takePrefetchedDeviceSignIn: () => {
        const p = this.prefetch;
        this.prefetch = null;
        return p;
      },
    });
    await gate.start();
    await settle();
    return gate;
  }
  newOutlookSession(): void {
    this.session = new MemoryStore<StoredSession>();
  }
  async register(): Promise<Gate> {
    const gate = await this.open();
    await gate.submitPassword('ada', 'correct horse');
    await gate.submitCode('123456');
    await settle();
    expect(gate.view.kind).toBe('signed-in');
    return gate;
  }
}

function view<K extends GateView['kind']>(gate: Gate, k: K): Extract<GateView, { kind: K }> {
  expect(gate.view.kind).toBe(k);
  return gate.view as Extract<GateView, { kind: K }>;
}

const email = { method: 'email' as const, factorId: 'fe', maskedDestination: 'a•••@example.com' };
const sms = { method: 'sms' as const, factorId: 'fs', maskedDestination: '•••• 2211' };

describe('gate: method order (SMS is never the default)', () => {
  it('authenticator app, then email, then text message, then backup code', () => {
    expect(pickDefaultMethod([{ method: 'backup_code' }, sms, email, { method: 'totp' }]).method).toBe('totp');
    expect(pickDefaultMethod([{ method: 'backup_code' }, sms, email]).method).toBe('email');
    expect(pickDefaultMethod([sms, { method: 'backup_code' }]).method).toBe('sms');
    expect(pickDefaultMethod([{ method: 'backup_code' }]).method).toBe('backup_code');
  });

  it('opens on email (with its factor) when the user has email and SMS but no app, whatever the server order', async () => {
    const w = new World();
    w.server.methods = [sms, email, { method: 'backup_code' }];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    const code = view(gate, 'code');
    expect(code.method).toBe('email');
    expect(code.factorId).toBe('fe');
    expect(code.methods).toHaveLength(3);
  });

  it('still opens on the authenticator app when the user has one', async () => {
    const w = new World();
    w.server.methods = [{ method: 'totp', factorId: 'f1' }, sms, email, { method: 'backup_code' }];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    expect(view(gate, 'code').method).toBe('totp');
  });
});

describe('gate: SMS and email codes', () => {
  it('switches to a delivered method, sends with the pending token and the add-in mailbox, verifies with its factor', async () => {
    const w = new World();
    w.server.methods = [{ method: 'totp', factorId: 'f1' }, email, sms, { method: 'backup_code' }];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    gate.switchMethod('sms');
    expect(view(gate, 'code')).toMatchObject({ method: 'sms', factorId: 'fs' });
    const sent = await gate.sendCode();
    expect(sent).toEqual({ resendAfterSeconds: 30, codeValidSeconds: 600 });
    expect(w.server.sendRequests).toHaveLength(1);
    expect(w.server.sendRequests[0]!.body).toEqual({ method: 'sms', factorId: 'fs', mailbox: MAILBOX });
    expect(w.server.sendRequests[0]!.token).toMatch(/^pend/);
    await gate.submitCode(w.server.deliveredCode);
    await settle();
    expect(view(gate, 'signed-in').registrationId).toBeTruthy();
  });

  it('back to the authenticator app drops the delivered factor', async () => {
    const w = new World();
    w.server.methods = [{ method: 'totp', factorId: 'f1' }, email];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    gate.switchMethod('email', 'fe');
    expect(view(gate, 'code').factorId).toBe('fe');
    gate.switchMethod('totp');
    const code = view(gate, 'code');
    expect(code.method).toBe('totp');
    expect(code.factorId).toBeUndefined();
    await expect(gate.sendCode()).rejects.toThrow();
    expect(w.server.sendRequests).toHaveLength(0);
  });

  it('ignores a delivered method (or factor) the user does not have', async () => {
    const w = new World();
    w.server.methods = [{ method: 'totp', factorId: 'f1' }, email];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    gate.switchMethod('sms');
    expect(view(gate, 'code').method).toBe('totp');
    gate.switchMethod('email', 'other');
    expect(view(gate, 'code').method).toBe('totp');
  });

  it('a send after the pending sign-in expired starts over (registered device: a new code prompt)', async () => {
    const w = new World();
    await w.register();
    w.server.methods = [email, { method: 'backup_code' }];
    w.newOutlookSession();
    const gate = await w.open();
    expect(view(gate, 'code').method).toBe('email');
    w.clock.advance(w.server.pendingMs + 1);
    await expect(gate.sendCode()).rejects.toMatchObject({ code: 'pending_expired' });
    await settle();
    expect(view(gate, 'code').method).toBe('email');
    expect(w.server.calls.filter((c) => c === 'device')).toHaveLength(2);
  });

  it('passes the unavailable methods (and why) to the code prompt', async () => {
    const w = new World();
    w.server.methods = [{ method: 'totp', factorId: 'f1' }, { method: 'backup_code' }];
    w.server.unavailable = [{ method: 'email', factorId: 'fe', maskedDestination: 'a•••@contoso.com', reason: 'addin_mailbox', detail: 'x' }];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    expect(view(gate, 'code').unavailable).toEqual([expect.objectContaining({ method: 'email', reason: 'addin_mailbox' })]);
  });
});

describe('gate: the add-in mailbox rule', () => {
  it('sends the add-in mailbox with the password sign-in and the device sign-in', async () => {
    const w = new World();
    await w.register();
    expect(w.server.passwordRequests[0]!.client).toMatchObject({ type: 'outlook-addin', mailbox: MAILBOX });
    w.newOutlookSession();
    await w.open();
    expect(w.server.deviceRequests[0]!.mailbox).toBe(MAILBOX);
  });

  it('no method left (only email to this mailbox, no backup codes): explains instead of an empty prompt', async () => {
    const w = new World();
    w.server.methods = [];
    w.server.unavailable = [{ method: 'email', factorId: 'fe', maskedDestination: 'a•••@contoso.com', reason: 'addin_mailbox', detail: 'x' }];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    const v = view(gate, 'no-method');
    expect(v.unavailable[0]!.reason).toBe('addin_mailbox');
    expect(v.accountHint).toBe('ada');
    await gate.submitCode('123456'); // nothing to verify here
    expect(w.server.calls).not.toContain('verify');
  });
});

describe('gate: methods turned off by the org', () => {
  it('the set-up screen says which methods stopped working', async () => {
    const w = new World();
    w.server.hasFactor = false;
    w.server.require2fa = true;
    w.server.unavailable = [{ method: 'sms', factorId: 'fs', maskedDestination: '•••• 2211', reason: 'disabled_by_policy', detail: 'Your organization no longer allows text-message codes.' }];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    await settle();
    const v = view(gate, 'enroll');
    expect(v.enrollment).not.toBeNull();
    expect(v.unavailable).toEqual([expect.objectContaining({ method: 'sms', reason: 'disabled_by_policy' })]);
  });
});

describe('gate: every method the user had is turned off (issue 11, item 1)', () => {
  it('sends the user to the portal to confirm it is them instead of setting up a factor with the password alone', async () => {
    const w = new World();
    w.server.hasFactor = false;
    w.server.require2fa = true;
    w.server.proofRequired = true;
    w.server.unavailable = [{ method: 'email', factorId: 'fe', maskedDestination: 'a•••@contoso.com', reason: 'disabled_by_policy', detail: 'Your organization no longer allows email codes.' }];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    await settle();
    const v = view(gate, 'no-method');
    expect(v.proofRequired).toBe(true);
    expect(v.unavailable).toEqual([expect.objectContaining({ method: 'email', reason: 'disabled_by_policy' })]);
    // No enrollment was started with the password-only token.
    expect(w.server.calls.filter((c) => c.startsWith('enroll'))).toEqual([]);
  });
});

describe('gate: one registration per device', () => {
  it('"sign in with password instead" on a registered device revokes the registration it replaces', async () => {
    const w = new World();
    await w.register();
    const first = w.device.load()!.registrationId;
    w.newOutlookSession();
    const gate = await w.open();
    expect(view(gate, 'code').reason).toBe('new-session');
    gate.usePassword();
    await gate.submitPassword('ada', 'correct horse');
    await gate.submitCode('123456');
    await settle();
    const second = w.device.load()!.registrationId;
    expect(second).not.toBe(first);
    expect(w.server.calls).toContain(`revoke:${first}`);
    expect(w.server.liveRegistrations()).toEqual([second]);
    expect(w.retired.load()).toBeNull();
    expect(view(gate, 'signed-in').registrationId).toBe(second);
  });

  it('after credentials changed (registration revoked elsewhere): the old id answers 404, ignored', async () => {
    const w = new World();
    await w.register();
    const first = w.device.load()!.registrationId;
    w.server.revoke(first);
    w.newOutlookSession();
    const gate = await w.open();
    expect(view(gate, 'sign-in').reason).toBe('credentials-changed');
    expect(w.retired.load()).toEqual([first]);
    await gate.submitPassword('ada', 'correct horse');
    await gate.submitCode('123456');
    await settle();
    expect(view(gate, 'signed-in').notice).toBeNull();
    expect(w.server.calls).toContain(`revoke:${first}`);
    expect(w.retired.load()).toBeNull();
    expect(w.server.liveRegistrations()).toEqual([w.device.load()!.registrationId]);
  });

  it('a credentials_changed answer for the old id is ignored too; a network failure keeps it for next time', async () => {
    const w = new World();
    await w.register();
    const first = w.device.load()!.registrationId;
    w.newOutlookSession();
    let gate = await w.open();
    gate.usePassword();
    w.server.revokeFailures.set(first, new ApiErr('network_error', 0, { detail: 'down' }));
    await gate.submitPassword('ada', 'correct horse');
    await gate.submitCode('123456');
    await settle();
    expect(view(gate, 'signed-in')).toBeTruthy();
    expect(w.retired.load()).toEqual([first]);

    const second = w.device.load()!.registrationId;
    w.server.revokeFailures.set(first, new ApiErr('credentials_changed', 401, { detail: 'old' }));
    w.newOutlookSession();
    gate = await w.open();
    gate.usePassword();
    await gate.submitPassword('ada', 'correct horse');
    await gate.submitCode('123456');
    await settle();
    expect(view(gate, 'signed-in')).toBeTruthy();
    expect(w.server.calls).toContain(`revoke:${second}`);
    expect(w.retired.load()).toBeNull();
  });

  it('first registration on a fresh device revokes nothing', async () => {
    const w = new World();
    await w.register();
    expect(w.server.calls.some((c) => c.startsWith('revoke:'))).toBe(false);
  });
});

describe('gate: prefetched device sign-in (boot module)', () => {
  it('uses the answer the boot module already asked for: no second device sign-in', async () => {
    const w = new World();
    await w.register();
    w.newOutlookSession();
    const d = w.device.load()!;
    const answer = signInWithDeviceKey(w.server, w.keys, d);
    w.prefetch = { registrationId: d.registrationId, mailbox: d.mailbox, answer };
    const gate = await w.open();
    expect(view(gate, 'code').reason).toBe('new-session');
    expect(w.server.calls.filter((c) => c === 'device')).toHaveLength(1); // the prefetch only
    await gate.submitCode('123456');
    expect(view(gate, 'signed-in')).toBeTruthy();
  });

  it('a prefetch for another registration or mailbox is dropped, and only the first start can use one', async () => {
    const w = new World();
    await w.register();
    w.newOutlookSession();
    const rejected = Promise.reject(new ApiErr('credentials_changed', 401, { detail: 'x' }));
    rejected.catch(() => undefined);
    w.prefetch = { registrationId: 'reg-other', mailbox: MAILBOX, answer: rejected };
    const gate = await w.open();
    expect(view(gate, 'code').reason).toBe('new-session');
    expect(w.device.load()).not.toBeNull();
  });

  it('a prefetch that failed on the network shows unreachable; retry asks the server again', async () => {
    const w = new World();
    await w.register();
    w.newOutlookSession();
    const d = w.device.load()!;
    const failed = Promise.reject(new ApiErr('network_error', 0, { detail: 'down' }));
    failed.catch(() => undefined);
    w.prefetch = { registrationId: d.registrationId, mailbox: d.mailbox, answer: failed };
    const gate = await w.open();
    expect(view(gate, 'unreachable').error.code).toBe('network_error');
    await gate.retry();
    await settle();
    expect(view(gate, 'code').reason).toBe('new-session');
  });

  it('is not used when the session of this Outlook session is still live (resume)', async () => {
    const w = new World();
    await w.register();
    const d = w.device.load()!;
    let used = false;
    w.prefetch = { registrationId: d.registrationId, mailbox: d.mailbox, get answer() { used = true; return Promise.resolve({ next: 'verify' as const }); } };
    const gate = await w.open();
    expect(view(gate, 'signed-in')).toBeTruthy();
    expect(used).toBe(false);
  });
});

describe('boot handoff', () => {
  it('hands the early answer over once; an offer after the pane looked is refused (no second request)', async () => {
    const { offerPrefetchedDeviceSignIn, takePrefetchedDeviceSignIn } = await import('../../src/taskpane/boot-handoff.js');
    const start = jest.fn(() => Promise.resolve({ next: 'verify' as const }));
    expect(offerPrefetchedDeviceSignIn('reg1', MAILBOX, start)).toBe(true);
    expect(start).toHaveBeenCalledTimes(1);
    expect(takePrefetchedDeviceSignIn()).toMatchObject({ registrationId: 'reg1', mailbox: MAILBOX });
    expect(takePrefetchedDeviceSignIn()).toBeNull();
    expect(offerPrefetchedDeviceSignIn('reg1', MAILBOX, start)).toBe(false);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('a rejected early answer nobody takes does not surface as an unhandled rejection', async () => {
    jest.resetModules();
    const { offerPrefetchedDeviceSignIn } = await import('../../src/taskpane/boot-handoff.js');
    delete (globalThis as Record<string, unknown>).__cloudsyncPrefetchedDeviceSignIn;
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    offerPrefetchedDeviceSignIn('reg1', MAILBOX, () => Promise.reject(new ApiErr('network_error', 0, { detail: 'down' })));
    await settle();
    await settle();
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
