import { Gate, LOCK_WARNING_AFTER, ROAMING_KEY } from '../../src/taskpane/gate/gate';
import type { DeviceRegistration, GateView, StoredSession } from '../../src/taskpane/gate/types';
import { FakeAuthServer, FakeClock, FakeDeviceKeys, MemoryRoaming, MemoryStore } from './gate-fakes';

const MIN = 60_000;
const MAILBOX = 'ada@contoso.com';

/** One Outlook install: a device store that persists, a session store per Outlook session. */
class World {
  clock = new FakeClock();
  server = new FakeAuthServer(this.clock);
  device = new MemoryStore<DeviceRegistration>();
  keys = new FakeDeviceKeys();
  /** Dropped registration ids, kept across page loads as the pane keeps them in localStorage. */
  retired = new MemoryStore<string[]>();
  session = new MemoryStore<StoredSession>();
  roaming = new MemoryRoaming();
  mailbox: string | null = MAILBOX;

  /** Opens the task pane (a new Gate instance, as a new page load). */
  async open(): Promise<Gate> {
    const gate = new Gate({
      api: this.server,
      device: this.device,
      keys: this.keys,
      retired: this.retired,
      session: this.session,
      roaming: this.roaming,
      clock: this.clock,
      mailbox: () => this.mailbox,
      client: { label: 'Outlook on PC', host: 'Outlook', platform: 'PC' },
    });
    await gate.start();
    await settle();
    return gate;
  }
  /** Outlook restarted / new browser session: the session store starts empty. */
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

const settle = () => new Promise((r) => setImmediate(r));
function kind(gate: Gate): GateView['kind'] {
  return gate.view.kind;
}
function view<K extends GateView['kind']>(gate: Gate, k: K): Extract<GateView, { kind: K }> {
  expect(gate.view.kind).toBe(k);
  return gate.view as Extract<GateView, { kind: K }>;
}

describe('gate: first use on a device (registration)', () => {
  it('asks for password, then a code, registers the device and signs in', async () => {
    const w = new World();
    const gate = await w.open();
    expect(view(gate, 'sign-in').reason).toBe('first-use');
    await gate.submitPassword('ada', 'correct horse');
    const code = view(gate, 'code');
    expect(code.reason).toBe('sign-in');
    expect(code.method).toBe('totp');
    expect(code.methods.map((m) => m.method)).toEqual(['totp', 'backup_code']);
    await gate.submitCode('123 456'); // pasted with a space
    await settle();
    const signedIn = view(gate, 'signed-in');
    expect(signedIn.session.user.username).toBe('ada');
    expect(w.server.calls).toEqual(['password', 'verify', 'register']);
    const device = w.device.value!;
    expect(device.mailbox).toBe(MAILBOX);
    // Key-bound: the server holds the public key of the key this device keeps; the stored record holds no secret.
    expect(w.server.registrations.get(device.registrationId)?.publicKey).toEqual(w.keys.kept.get(device.registrationId));
    expect(Object.keys(device).sort()).toEqual(['accountHint', 'createdAt', 'mailbox', 'registrationId']);
    expect(w.session.value?.registrationId).toBe(device.registrationId);
  });

  it('caches a roaming record without any bearer secret', async () => {
    const w = new World();
    await w.register();
    const record = w.roaming.saved.get(ROAMING_KEY) as Record<string, unknown>;
    expect(Object.keys(record).sort()).toEqual(['accountHint', 'expiresAt', 'mailbox', 'registrationId', 'sessionId', 'v', 'verifiedAt']);
    const text = JSON.stringify(record);
    expect(text).not.toContain(w.session.value!.token);
    expect(text).not.toContain(w.keys.kept.get(w.device.value!.registrationId)!.x);
    expect(record.mailbox).toBe(MAILBOX);
  });

  it('says so and stays on the form on a wrong password', async () => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'nope');
    const v = view(gate, 'sign-in');
    expect(v.error?.code).toBe('invalid_credentials');
    expect(v.usernameHint).toBe('ada');
    expect(w.device.value).toBeNull();
  });

  it('signs in without a registration when registering fails, and says so', async () => {
    const w = new World();
    w.server.failRegister = true;
    const gate = await w.register();
    expect(view(gate, 'signed-in').notice).toEqual({ id: 'pane.signedIn.notRegistered' });
    expect(w.device.value).toBeNull();
    w.newOutlookSession();
    expect(kind(await w.open())).toBe('sign-in');
  });
});

describe('gate: the device key', () => {
  it('a device record without its key (storage cleared, or copied elsewhere) proves nothing: password + code', async () => {
    const w = new World();
    await w.register();
    const registrationId = w.device.value!.registrationId;
    w.keys.kept.clear();
    w.newOutlookSession();
    w.server.calls.length = 0;
    const gate = await w.open();
    expect(view(gate, 'sign-in').reason).toBe('credentials-changed');
    expect(w.server.calls).toEqual(['device-challenge']); // no device sign-in without a signature
    expect(w.device.value).toBeNull();
    await gate.submitPassword('ada', 'correct horse');
    await gate.submitCode('123456');
    await settle();
    // The dropped registration is revoked with the new session: one entry per device.
    expect(w.server.liveRegistrations()).toEqual([w.device.value!.registrationId]);
    expect(w.server.registrations.get(registrationId)?.revoked).toBe(true);
  });

  it('a key the browser could not keep: signed in, not registered, and that registration is revoked later', async () => {
    const w = new World();
    w.keys.failKeep = true;
    const gate = await w.register();
    expect(view(gate, 'signed-in').notice).toEqual({ id: 'pane.signedIn.notRegistered' });
    expect(w.device.value).toBeNull();
    const [orphan] = [...w.server.registrations.keys()];
    expect(w.server.liveRegistrations()).toEqual([orphan]);
    w.keys.failKeep = false;
    w.newOutlookSession();
    await w.register();
    expect(w.server.registrations.get(orphan!)?.revoked).toBe(true);
    expect(w.server.liveRegistrations()).toEqual([w.device.value!.registrationId]);
  });

  it('no key storage here (IndexedDB blocked): signed in, not registered, and no registration made on the server', async () => {
    const w = new World();
    w.keys.failCreate = true;
    const gate = await w.register();
    expect(view(gate, 'signed-in').notice).toEqual({ id: 'pane.signedIn.notRegistered' });
    expect(w.device.value).toBeNull();
    expect(w.server.registrations.size).toBe(0);
  });

  it('each device sign-in signs a fresh challenge', async () => {
    const w = new World();
    await w.register();
    for (let i = 0; i < 2; i++) {
      w.newOutlookSession();
      const gate = await w.open();
      expect(view(gate, 'code').reason).toBe('new-session');
      await gate.submitCode('123456');
      await settle();
    }
    const challenges = w.server.deviceRequests.map((r) => r.challenge);
    expect(challenges).toHaveLength(2);
    expect(new Set(challenges).size).toBe(2);
    expect(w.server.deviceRequests.every((r) => r.deviceSecret === undefined && typeof r.signature === 'string')).toBe(true);
    // The key is read from storage while each challenge travels.
    expect(w.keys.preloaded).toEqual(w.server.deviceRequests.map((r) => r.registrationId));
  });
});

describe('gate: same Outlook session', () => {
  it('reopening the pane shows the signed-in view without a prompt, confirmed by the server', async () => {
    const w = new World();
    await w.register();
    w.server.calls.length = 0;
    w.clock.advance(10 * MIN);
    const again = await w.open();
    expect(kind(again)).toBe('signed-in');
    expect(w.server.calls).toEqual(['me']);
  });

  it('does not resume a session stored for another mailbox', async () => {
    const w = new World();
    await w.register();
    w.session.value = { ...w.session.value!, mailbox: 'mallory@contoso.com' };
    w.server.calls.length = 0;
    const gate = await w.open();
    expect(view(gate, 'code').reason).toBe('new-session');
    expect(w.server.calls).toEqual(['device-challenge', 'device']);
  });
});

describe('gate: new Outlook session', () => {
  it('asks for a code only (no password) on a registered device', async () => {
    const w = new World();
    await w.register();
    const regs = w.server.registrations.size;
    w.newOutlookSession();
    w.server.calls.length = 0;
    const gate = await w.open();
    const code = view(gate, 'code');
    expect(code.reason).toBe('new-session');
    expect(code.accountHint).toBe('ada');
    await gate.submitCode('123456');
    expect(kind(gate)).toBe('signed-in');
    expect(w.server.calls).toEqual(['device-challenge', 'device', 'verify']);
    expect(w.server.registrations.size).toBe(regs);
  });

  it('starts over with a new code prompt when the pending sign-in expired', async () => {
    const w = new World();
    await w.register();
    w.newOutlookSession();
    const gate = await w.open();
    w.clock.advance(11 * MIN);
    await gate.submitCode('123456');
    await settle();
    expect(view(gate, 'code').reason).toBe('new-session');
    await gate.submitCode('123456');
    expect(kind(gate)).toBe('signed-in');
  });
});

describe('gate: session limits', () => {
  it('past the idle limit asks for a code at the next open', async () => {
    const w = new World();
    await w.register();
    w.clock.advance(61 * MIN);
    w.server.calls.length = 0;
    const gate = await w.open();
    expect(view(gate, 'code').reason).toBe('session-expired');
    expect(w.server.calls).toEqual(['device-challenge', 'device']);
  });

  it('past the maximum age asks for a code even when used recently', async () => {
    const w = new World();
    const gate = await w.register();
    for (let i = 0; i < 13; i++) {
      w.clock.advance(55 * MIN);
      gate.sessionRefreshed((await w.server.me()) && { expiresAt: w.session.value!.expiresAt, idleExpiresAt: new Date(w.clock.now() + 60 * MIN).toISOString() });
    }
    expect(kind(gate)).toBe('signed-in');
    w.clock.advance(10 * MIN);
    // 13 × 55 + 10 min > 12 h: the absolute limit passed although the session was never idle.
    gate.tick();
    await settle();
    expect(view(gate, 'code').reason).toBe('session-expired');
  });

  it('tick() on an open pane moves to the code prompt once the idle limit passes', async () => {
    const w = new World();
    const gate = await w.register();
    w.clock.advance(30 * MIN);
    gate.tick();
    expect(kind(gate)).toBe('signed-in');
    w.clock.advance(31 * MIN);
    gate.tick();
    await settle();
    expect(view(gate, 'code').reason).toBe('session-expired');
  });

  it('when the server says session_expired on resume, asks for a code', async () => {
    const w = new World();
    await w.register();
    w.server.idleMs = 5 * MIN; // org shortened the idle limit; the local copy does not know yet
    w.clock.advance(10 * MIN);
    const gate = await w.open();
    expect(view(gate, 'code').reason).toBe('session-expired');
    expect(w.session.value).toBeNull();
  });

  it('sessionEnded(session_expired) from the authenticated client asks for a code', async () => {
    const w = new World();
    const gate = await w.register();
    gate.sessionEnded('session_expired');
    await settle();
    expect(view(gate, 'code').reason).toBe('session-expired');
  });
});

describe('gate: credentials changed', () => {
  it('password changed: a new session asks for password + code and re-registers', async () => {
    const w = new World();
    await w.register();
    const oldReg = w.device.value!.registrationId;
    w.server.changeCredentials();
    w.newOutlookSession();
    const gate = await w.open();
    expect(view(gate, 'sign-in').reason).toBe('credentials-changed');
    expect(view(gate, 'sign-in').usernameHint).toBe('ada');
    expect(w.device.value).toBeNull();
    await gate.submitPassword('ada', 'correct horse');
    await gate.submitCode('123456');
    await settle();
    expect(kind(gate)).toBe('signed-in');
    expect(w.device.value!.registrationId).not.toBe(oldReg);
    // The old registration's key is gone from the device; the new one's is kept.
    expect([...w.keys.kept.keys()]).toEqual([w.device.value!.registrationId]);
  });

  it('password changed: the live session is refused on resume → password + code', async () => {
    const w = new World();
    await w.register();
    w.server.changeCredentials();
    const gate = await w.open();
    expect(view(gate, 'sign-in').reason).toBe('credentials-changed');
    expect(w.session.value).toBeNull();
    expect(w.device.value).toBeNull();
  });

  it('registration revoked → password + code', async () => {
    const w = new World();
    await w.register();
    w.server.revoke(w.device.value!.registrationId);
    w.newOutlookSession();
    const gate = await w.open();
    expect(view(gate, 'sign-in').reason).toBe('credentials-changed');
  });

  it('a different mailbox than the registered one → password + code, without asking the server', async () => {
    const w = new World();
    await w.register();
    w.mailbox = 'Someone.Else@contoso.com';
    w.server.calls.length = 0;
    const gate = await w.open();
    expect(view(gate, 'sign-in').reason).toBe('mailbox-changed');
    expect(w.server.calls).toEqual([]);
    expect(w.device.value).toBeNull();
    expect(w.session.value).toBeNull();
  });

  it('mailbox comparison ignores case and spaces', async () => {
    const w = new World();
    await w.register();
    w.newOutlookSession();
    w.mailbox = '  ADA@Contoso.com ';
    expect(view(await w.open(), 'code').reason).toBe('new-session');
  });
});

describe('gate: the roaming record grants nothing', () => {
  it('copied to a fresh device: password + code, the record only pre-fills the account', async () => {
    const a = new World();
    await a.register();
    const b = new World();
    b.server = a.server;
    b.clock = a.clock;
    b.roaming = a.roaming.copy();
    a.server.calls.length = 0;
    const gate = await b.open();
    const v = view(gate, 'sign-in');
    expect(v.reason).toBe('first-use');
    expect(v.usernameHint).toBe('ada');
    expect(a.server.calls).toEqual([]);
  });

  it('copied into another mailbox: ignored entirely', async () => {
    const a = new World();
    await a.register();
    const b = new World();
    b.roaming = a.roaming.copy();
    b.mailbox = 'bob@contoso.com';
    const v = view(await b.open(), 'sign-in');
    expect(v.usernameHint).toBe('');
  });
});

describe('gate: server unreachable', () => {
  it('at a new session: shows unreachable, retry keeps failing while down, recovers when up', async () => {
    const w = new World();
    await w.register();
    w.newOutlookSession();
    w.server.down = true;
    const gate = await w.open();
    expect(view(gate, 'unreachable').error.code).toBe('network_error');
    await gate.retry();
    await settle();
    expect(kind(gate)).toBe('unreachable');
    w.server.down = false;
    await gate.retry();
    await settle();
    expect(view(gate, 'code').reason).toBe('new-session');
  });

  it('on resume: never shows the signed-in view from the cache', async () => {
    const w = new World();
    await w.register();
    w.server.down = true;
    const gate = await w.open();
    expect(kind(gate)).toBe('unreachable');
    expect(w.server.token).toBeNull();
    w.server.down = false;
    await gate.retry();
    await settle();
    expect(kind(gate)).toBe('signed-in');
  });

  it('at the password step: the form stays with a network error', async () => {
    const w = new World();
    const gate = await w.open();
    w.server.down = true;
    await gate.submitPassword('ada', 'correct horse');
    expect(view(gate, 'sign-in').error?.code).toBe('network_error');
    w.server.down = false;
    await gate.submitPassword('ada', 'correct horse');
    expect(kind(gate)).toBe('code');
  });
});

describe('gate: code prompt', () => {
  it('counts wrong codes and carries the lockout wait', async () => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    for (let i = 1; i <= 10; i++) {
      await gate.submitCode('000000');
      expect(view(gate, 'code').failures).toBe(i);
    }
    expect(view(gate, 'code').failures).toBeGreaterThanOrEqual(LOCK_WARNING_AFTER);
    expect(view(gate, 'code').error?.retryAfter).toBe(900);
    await gate.submitCode('123456'); // locked: the right code answers like a wrong one
    expect(view(gate, 'code').error?.code).toBe('invalid_code');
  });

  it('switches to a backup code and verifies with method backup_code', async () => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    gate.switchMethod('backup_code');
    expect(view(gate, 'code').method).toBe('backup_code');
    await gate.submitCode(' ABCD-EFGH-JKLM ');
    await settle();
    expect(kind(gate)).toBe('signed-in');
    expect(w.server.backupCodes.size).toBe(0);
  });

  it('rejects an empty code locally', async () => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    await gate.submitCode('   ');
    expect(view(gate, 'code').error?.code).toBe('empty');
    expect(w.server.calls).toEqual(['password']);
  });

  it('ignores a method the user does not have', async () => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    gate.switchMethod('sms');
    expect(view(gate, 'code').method).toBe('totp');
  });

  it('"use password instead" leaves the code prompt for the password form', async () => {
    const w = new World();
    await w.register();
    w.newOutlookSession();
    const gate = await w.open();
    gate.usePassword();
    expect(kind(gate)).toBe('sign-in');
  });
});

describe('gate: org-required enrollment', () => {
  it('enrolls TOTP, shows backup codes until acknowledged, registers the device', async () => {
    const w = new World();
    w.server.hasFactor = false;
    w.server.require2fa = true;
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    await settle();
    const enroll = view(gate, 'enroll');
    expect(enroll.enrollment?.secret).toBe('JBSWY3DPEHPK3PXP');
    await gate.confirmEnrollment('000000');
    expect(view(gate, 'enroll').error?.code).toBe('invalid_code');
    await gate.confirmEnrollment('123456');
    await settle();
    expect(view(gate, 'backup-codes').codes).toHaveLength(2);
    expect(w.device.value).not.toBeNull();
    gate.acknowledgeBackupCodes();
    expect(view(gate, 'signed-in').notice).toEqual({ id: 'pane.signedIn.twoStepOn' });
  });

  it('with 2FA neither set nor required: signs in after the password and registers', async () => {
    const w = new World();
    w.server.hasFactor = false;
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    await settle();
    expect(kind(gate)).toBe('signed-in');
    expect(w.device.value).not.toBeNull();
  });
});

describe('gate: sign out', () => {
  it('ends the server session, clears the session and the roaming record; next open asks for a code', async () => {
    const w = new World();
    const gate = await w.register();
    const token = w.session.value!.token;
    await gate.signOut();
    expect(kind(gate)).toBe('signed-out');
    expect(w.server.sessions.has(token)).toBe(false);
    expect(w.session.value).toBeNull();
    expect(w.roaming.saved.has(ROAMING_KEY)).toBe(false);
    const again = await w.open();
    expect(view(again, 'code').reason).toBe('new-session');
  });

  it('a sign-out from the ribbon command (session store emptied) shows signed-out at the next tick', async () => {
    const w = new World();
    const gate = await w.register();
    w.session.clear();
    gate.tick();
    expect(kind(gate)).toBe('signed-out');
    expect(w.server.token).toBeNull();
  });

  it('drops answers to requests abandoned by a sign-out', async () => {
    const w = new World();
    const gate = await w.open();
    const pending = gate.submitPassword('ada', 'correct horse');
    await gate.signOut();
    await pending;
    expect(kind(gate)).toBe('signed-out');
  });
});

describe('gate: no mailbox', () => {
  it('outside Outlook (no userProfile) shows no-mailbox', async () => {
    const w = new World();
    w.mailbox = null;
    expect(kind(await w.open())).toBe('no-mailbox');
  });
});
