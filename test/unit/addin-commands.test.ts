import { signOutOfCloudSync } from '../../src/commands/sign-out';
import { ROAMING_KEY } from '../../src/taskpane/gate/gate';
import type { StoredSession } from '../../src/taskpane/gate/types';
import { ApiErr, MemoryRoaming, MemoryStore } from './gate-fakes';

const user = { id: 'u', username: 'ada', displayName: 'Ada', email: null, role: 'user' as const, orgId: 'o', orgName: 'O' };
const session: StoredSession = {
  token: 'tok-1',
  sessionId: 's1',
  expiresAt: '2030-01-01T20:00:00Z',
  idleExpiresAt: '2030-01-01T09:00:00Z',
  mailbox: 'ada@contoso.com',
  registrationId: 'r1',
  user,
};

function setup(signOut: (token: string) => Promise<void>) {
  const store = new MemoryStore<StoredSession>();
  store.save(session);
  const roaming = new MemoryRoaming();
  roaming.set(ROAMING_KEY, { v: 1, mailbox: 'ada@contoso.com', accountHint: 'ada' });
  roaming.set('other', 1);
  const notes: { message: string; kind?: string }[] = [];
  const tokens: string[] = [];
  const deps = {
    session: store,
    roaming,
    signOut: async (t: string) => {
      tokens.push(t);
      await signOut(t);
    },
    notify: async (message: string, kind?: 'info' | 'error') => {
      notes.push({ message, kind });
      return true;
    },
  };
  return { deps, store, roaming, notes, tokens };
}

describe('"Sign out of CloudSync" command', () => {
  it('ends the server session with the stored token, clears session and roaming record, notifies', async () => {
    const s = setup(async () => {});
    await expect(signOutOfCloudSync(s.deps)).resolves.toBe('signed-out');
    expect(s.tokens).toEqual(['tok-1']);
    expect(s.store.value).toBeNull();
    expect(s.roaming.saved.has(ROAMING_KEY)).toBe(false);
    expect(s.roaming.saved.get('other')).toBe(1);
    expect(s.notes).toEqual([{ message: 'Signed out of AXIS CloudSync.', kind: 'info' }]);
  });

  it('when not signed in: no server call, says so', async () => {
    const s = setup(async () => {});
    s.store.clear();
    await expect(signOutOfCloudSync(s.deps)).resolves.toBe('not-signed-in');
    expect(s.tokens).toEqual([]);
    expect(s.notes[0]?.message).toMatch(/not signed in/);
  });

  it('a session the server already ended counts as signed out', async () => {
    const s = setup(async () => {
      throw new ApiErr('session_expired', 401, { detail: 'expired' });
    });
    await expect(signOutOfCloudSync(s.deps)).resolves.toBe('signed-out');
  });

  it('server unreachable: signs out locally and says the server could not be reached', async () => {
    const s = setup(async () => {
      throw new ApiErr('network_error', 0, { detail: 'down' });
    });
    await expect(signOutOfCloudSync(s.deps)).resolves.toBe('signed-out-locally');
    expect(s.store.value).toBeNull();
    expect(s.notes[0]).toEqual({ message: expect.stringMatching(/could not be reached/), kind: 'error' });
  });
});
