/**
 * The gate's "Approve with a passkey in your browser": offered first at the code prompt when the user has a
 * passkey; the number and the system browser (or the link where Outlook cannot open one); the wait with
 * back-off; approved → the same as after a right code (registration at first use, device session later);
 * ended → back to the code prompt with the reason; "Enter a code instead" stops waiting.
 */
import { POLL_MAX_MS, POLL_START_MS } from '../../src/taskpane/gate/approval';
import { Gate } from '../../src/taskpane/gate/gate';
import type { DeviceRegistration, GateView, StoredSession } from '../../src/taskpane/gate/types';
import { FakeAuthServer, FakeClock, FakeDeviceKeys, FakeOutlookBrowser, MemoryRoaming, MemoryStore } from './gate-fakes';

const MAILBOX = 'ada@contoso.com';

class World {
  clock = new FakeClock();
  server = new FakeAuthServer(this.clock);
  device = new MemoryStore<DeviceRegistration>();
  keys = new FakeDeviceKeys();
  session = new MemoryStore<StoredSession>();
  roaming = new MemoryRoaming();
  browser = new FakeOutlookBrowser();
  /** The waits the gate asked for between checks; each resolves at once. */
  sleeps: number[] = [];
  /** Runs before each check (the test decides on the approval page meanwhile). */
  onSleep: (n: number) => void = () => undefined;

  constructor() {
    this.server.passkey = true;
  }

  async open(withApprovals = true): Promise<Gate> {
    const gate = new Gate({
      api: this.server,
      ...(withApprovals ? { approvals: this.server.approvalApi, openBrowser: this.browser.openBrowserWindow } : {}),
      sleep: async (ms) => {
        this.sleeps.push(ms);
        this.onSleep(this.sleeps.length);
        await settle();
      },
      device: this.device,
      keys: this.keys,
      session: this.session,
      roaming: this.roaming,
      clock: this.clock,
      mailbox: () => MAILBOX,
      client: { label: 'Outlook on PC', host: 'Outlook', platform: 'PC' },
    });
    await gate.start();
    await settle();
    return gate;
  }

  /** The approval page's decision for the newest request, after `checks` waits. */
  decideAfter(checks: number, decision: 'approved' | 'denied' | 'wrong_number' | 'expired' | 'other_user'): void {
    this.onSleep = (n) => {
      if (n === checks) [...this.server.approvals.values()].at(-1)!.decision = decision;
    };
  }
}

const settle = () => new Promise((r) => setImmediate(r));
function view<K extends GateView['kind']>(gate: Gate, k: K): Extract<GateView, { kind: K }> {
  expect(gate.view.kind).toBe(k);
  return gate.view as Extract<GateView, { kind: K }>;
}

describe('gate: approve with a passkey in the browser', () => {
  it('is offered at the code prompt only when the user has a passkey and the pane can ask for approval', async () => {
    const w = new World();
    let gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    expect(view(gate, 'code').passkey).toBe(true);

    w.server.passkey = false;
    gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    expect(view(gate, 'code').passkey).toBeUndefined();

    w.server.passkey = true;
    gate = await w.open(false);
    await gate.submitPassword('ada', 'correct horse');
    expect(view(gate, 'code').passkey).toBeUndefined();
  });

  it('first use: shows the number, opens the system browser, waits with back-off, then registers the device and signs in', async () => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    w.decideAfter(5, 'approved');
    const done = gate.approveInBrowser();
    await settle();
    const waiting = view(gate, 'approve');
    expect(waiting.number).toBe('42');
    expect(waiting.opened).toBe(true);
    expect(w.browser.opened).toEqual([waiting.url]);
    await done;
    await settle();
    expect(view(gate, 'signed-in').registrationId).toBe(w.device.value!.registrationId);
    expect(w.server.calls).toEqual(['password', 'approval:create:Outlook', ...Array(5).fill('approval:wait'), 'register']);
    expect(w.sleeps[0]).toBe(POLL_START_MS);
    expect(w.sleeps.every((ms, i) => i === 0 || ms >= w.sleeps[i - 1]!)).toBe(true);
    expect(Math.max(...w.sleeps)).toBeLessThanOrEqual(POLL_MAX_MS);
  });

  it('a new Outlook session on a registered device: approval gives the device session (no new registration)', async () => {
    const w = new World();
    let gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    w.decideAfter(1, 'approved');
    await gate.approveInBrowser();
    await settle();
    const registrationId = view(gate, 'signed-in').registrationId;
    w.session = new MemoryStore<StoredSession>();
    w.server.calls.length = 0;
    w.sleeps = [];
    gate = await w.open();
    expect(view(gate, 'code').reason).toBe('new-session');
    w.decideAfter(1, 'approved');
    await gate.approveInBrowser();
    await settle();
    expect(view(gate, 'signed-in').registrationId).toBe(registrationId);
    expect(w.server.calls).not.toContain('register');
  });

  it.each([
    ['denied', 'ended: denied'],
    ['wrong_number', 'ended: wrong_number'],
    ['expired', 'ended: expired'],
    ['other_user', 'ended: other_user'],
  ] as const)('%s: back at the code prompt, signed out, with the reason', async (decision, message) => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    w.decideAfter(2, decision);
    await gate.approveInBrowser();
    const code = view(gate, 'code');
    expect(code.error).toEqual({ code: `approval_${decision}`, message });
    expect(code.busy).toBe(false);
    expect(w.session.value).toBeNull();
    // The pending sign-in is still good: a code still works.
    await gate.submitCode('123456');
    await settle();
    expect(gate.view.kind).toBe('signed-in');
  });

  it('where Outlook cannot open a browser window, the link is shown instead', async () => {
    const w = new World();
    w.browser.supported = false;
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    w.onSleep = () => {
      expect(view(gate, 'approve').opened).toBe(false);
      [...w.server.approvals.values()].at(-1)!.decision = 'approved';
    };
    await gate.approveInBrowser();
    await settle();
    expect(w.browser.opened).toEqual([]);
    expect(gate.view.kind).toBe('signed-in');
  });

  it('a network error while waiting: keeps checking with back-off, says "Can’t reach CloudSync, retrying", and signs in once approved', async () => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    const seen: (boolean | undefined)[] = [];
    w.onSleep = (n) => {
      if (n > 1) seen.push(view(gate, 'approve').unreachable);
      if (n === 2) w.server.down = true;
      if (n === 5) w.server.down = false;
      if (n === 6) [...w.server.approvals.values()].at(-1)!.decision = 'approved';
    };
    await gate.approveInBrowser();
    await settle();
    expect(gate.view.kind).toBe('signed-in');
    // Checks 2-4 failed (shown after the first failure), check 5 answered again (the message went away).
    expect(seen).toEqual([undefined, true, true, true, false]);
    expect(w.sleeps.every((ms, i) => i === 0 || ms >= w.sleeps[i - 1]!)).toBe(true);
    expect(Math.max(...w.sleeps)).toBeLessThanOrEqual(POLL_MAX_MS);
  });

  it('a network error that outlasts the request: back at the code prompt with the network error, signed out', async () => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    w.onSleep = (n) => {
      if (n === 2) w.server.down = true;
      w.clock.advance(POLL_MAX_MS);
    };
    await gate.approveInBrowser();
    // Retried for the request's two minutes (+ the 30 s the server still hands out an approved session).
    expect(w.sleeps.length).toBeGreaterThanOrEqual((2 * 60_000 + 30_000) / POLL_MAX_MS);
    expect(view(gate, 'code').error?.code).toBe('network_error');
    expect(w.session.value).toBeNull();
  });

  it('"Enter a code instead" stops waiting and returns to the code prompt', async () => {
    const w = new World();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    w.onSleep = (n) => {
      if (n === 2) gate.cancelApproval();
    };
    await gate.approveInBrowser();
    expect(view(gate, 'code').error).toBeNull();
    expect(w.server.calls.filter((c) => c === 'approval:wait')).toHaveLength(1);
  });
});
