/** The verification record in roaming settings: a hint for the next start, never a credential. */
import type { GatePorts, RoamingRecord, StoredSession } from './types';

export const ROAMING_KEY = 'cloudsync.verification';

export async function writeRoamingRecord(ports: Pick<GatePorts, 'roaming' | 'clock'>, session: StoredSession): Promise<void> {
  const record: RoamingRecord = {
    v: 1,
    registrationId: session.registrationId,
    accountHint: session.user.username,
    mailbox: session.mailbox,
    sessionId: session.sessionId,
    verifiedAt: new Date(ports.clock.now()).toISOString(),
    expiresAt: session.expiresAt,
  };
  try {
    ports.roaming.set(ROAMING_KEY, record);
    await ports.roaming.save();
  } catch {
    // A cache only: failing to write it changes nothing the server decides.
  }
}

