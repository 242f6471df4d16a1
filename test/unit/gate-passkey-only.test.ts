/**
 * The gate for a user whose only second factor is a passkey: the password step answers "verify" with no code
 * method and passkey: true. The pane shows the approval offer alone (no empty code prompt), and approving in
 * the browser signs in; an org that turned passkeys off makes the pane set up a method and say why.
 */
import { Gate } from '../../src/taskpane/gate/gate';
import type { DeviceRegistration, GateView, StoredSession } from '../../src/taskpane/gate/types';
import { FakeAuthServer, FakeClock, FakeDeviceKeys, FakeOutlookBrowser, MemoryRoaming, MemoryStore } from './gate-fakes';

const settle = () => new Promise((r) => setImmediate(r));
function view<K extends GateView['kind']>(gate: Gate, k: K): Extract<GateView, { kind: K }> {
  expect(gate.view.kind).toBe(k);
  return gate.view as Extract<GateView, { kind: K }>;
}

function world() {
  const clock = new FakeClock();
  const server = new FakeAuthServer(clock);
  server.passkey = true;
  server.methods = [];
  const browser = new FakeOutlookBrowser();
  const session = new MemoryStore<StoredSession>();
  let checks = 0;
  let onCheck: (n: number) => void = () => undefined;
  const open = async (withApprovals = true) => {
    const gate = new Gate({
      api: server,
      ...(withApprovals ? { approvals: server.approvalApi, openBrowser: browser.openBrowserWindow } : {}),
      sleep: async () => {
        onCheck(++checks);
        await settle();
      },
      device: new MemoryStore<DeviceRegistration>(),
      keys: new FakeDeviceKeys(),
      session,
      roaming: new MemoryRoaming(),
      clock,
      mailbox: () => 'ada@contoso.com',
      client: { label: 'Outlook on PC', host: 'Outlook', platform: 'PC' },
    });
    await gate.start();
    await settle();
    return gate;
  };
  const decideAfter = (n: number, decision: 'approved' | 'denied') => {
    onCheck = (k) => {
      if (k === n) [...server.approvals.values()].at(-1)!.decision = decision;
    };
  };
  return { server, browser, session, open, decideAfter };
}

describe('gate: a passkey-only user', () => {
  it('sees the approval offer alone (passkeyOnly, no code method), and approving in the browser signs in', async () => {
    const w = world();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    const prompt = view(gate, 'code');
    expect(prompt).toMatchObject({ passkey: true, passkeyOnly: true });
    w.decideAfter(2, 'approved');
    const done = gate.approveInBrowser();
    await settle();
    expect(view(gate, 'approve').passkeyOnly).toBe(true);
    await done;
    await settle();
    expect(gate.view.kind).toBe('signed-in');
    expect(w.session.value).not.toBeNull();
  });

  it('a denial leaves the pane on the approval offer, signed out, with the reason', async () => {
    const w = world();
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    w.decideAfter(1, 'denied');
    await gate.approveInBrowser();
    const prompt = view(gate, 'code');
    expect(prompt.passkeyOnly).toBe(true);
    expect(prompt.error?.code).toBe('approval_denied');
    expect(w.session.value).toBeNull();
  });

  it('a user with code methods too keeps the code prompt with the offer (not passkeyOnly)', async () => {
    const w = world();
    w.server.methods = [{ method: 'totp', factorId: 'f1' }];
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    const prompt = view(gate, 'code');
    expect(prompt.passkey).toBe(true);
    expect(prompt.passkeyOnly).toBeUndefined();
  });

  it('the org turned passkeys off: the pane sets up an authenticator app and says passkeys are off', async () => {
    const w = world();
    w.server.passkey = false;
    w.server.hasFactor = false;
    w.server.require2fa = true;
    w.server.passkeyDisallowed = true;
    const gate = await w.open();
    await gate.submitPassword('ada', 'correct horse');
    await settle();
    expect(view(gate, 'enroll').passkeyDisallowed).toBe(true);
  });
});
