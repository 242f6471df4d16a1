/**
 * This device's registration: made after a full sign-in (password + code) with a new device key, and the
 * registrations it dropped, remembered until the server revoked them (one entry per device in the list).
 */
import type { MessageDescriptor } from '../../shared/i18n/message-ids';
import { E, toGateError } from './errors';
import type { GatePorts, KeyValueStore, SessionGrant } from './types';

/** At most this many dropped registration ids are remembered for revocation. */
const MAX_RETIRED = 5;

class MemoryList implements KeyValueStore<string[]> {
  private value: string[] | null = null;
  load(): string[] | null {
    return this.value ? [...this.value] : null;
  }
  save(value: string[]): void {
    this.value = [...value];
  }
  clear(): void {
    this.value = null;
  }
}

/** How the add-in describes itself to the server (without the client type). */
export type ClientFields = { label: string; host?: string; platform?: string; mailbox?: string };

export class DeviceRegistry {
  private readonly retired: KeyValueStore<string[]>;

  constructor(private readonly ports: GatePorts) {
    this.retired = ports.retired ?? new MemoryList();
  }

  /**
   * After password + code: register this device (or re-register). Null when the sign-in was abandoned
   * meanwhile (`current` false); otherwise the registration id (null: not registered) and a notice.
   */
  async registerAfterFullSignIn(
    grant: SessionGrant,
    mailbox: string | null,
    client: ClientFields,
    current: () => boolean,
  ): Promise<{ registrationId: string | null; notice: MessageDescriptor | null } | null> {
    let registrationId: string | null = null;
    let notice: MessageDescriptor | null = null;
    // The registration this device held until now (e.g. "sign in with password instead") is replaced below.
    const previous = this.ports.device.load();
    if (previous) this.retire(previous.registrationId);
    let made: string | null = null;
    try {
      // Key-bound: the server keeps the public key; the private key stays here, non-extractable.
      const key = await this.ports.keys.create();
      const { registration } = await this.ports.api.register({ clientType: 'outlook-addin', ...client, publicKey: key.publicKey });
      made = registration.id;
      await key.keep(registration.id);
      if (!current()) return null;
      registrationId = registration.id;
      this.ports.device.save({
        registrationId: registration.id,
        mailbox: mailbox ?? '',
        accountHint: grant.user.username,
        createdAt: new Date(this.ports.clock.now()).toISOString(),
      });
      // One entry per device in the devices list: revoke what this device held before.
      await this.revokeRetired(registration.id);
      if (!current()) return null;
    } catch {
      if (!current()) return null;
      // Signed in, but this device is not registered: the next session asks for the password again.
      // A registration the server made without the key kept here is revoked after the next one.
      if (made && made !== registrationId) this.retire(made);
      this.ports.device.clear();
      notice = { id: 'pane.signedIn.notRegistered' };
    }
    return { registrationId, notice };
  }

  /** Drops this device's registration (and its key) and remembers its id for revocation. */
  forgetDevice(): void {
    const device = this.ports.device.load();
    if (device) this.retire(device.registrationId);
    this.ports.device.clear();
  }

  retire(registrationId: string): void {
    // Its key signs nothing any more; the server-side revocation needs only a session.
    void this.ports.keys.forget(registrationId).catch(() => undefined);
    const ids = this.retired.load() ?? [];
    if (ids.includes(registrationId)) return;
    this.retired.save([...ids, registrationId].slice(-MAX_RETIRED));
  }

  /**
   * Revokes the registrations this device dropped, with the new session. One already gone (404) or
   * refused under older credentials is forgotten; any other failure (network) is kept for next time.
   */
  private async revokeRetired(currentId: string): Promise<void> {
    const ids = (this.retired.load() ?? []).filter((id) => id !== currentId);
    const keep: string[] = [];
    for (const id of ids) {
      try {
        await this.ports.api.revokeRegistration(id);
      } catch (e) {
        const err = toGateError(e);
        const status = (e as { status?: unknown })?.status;
        if (!(status === 404 || err.code === E.notFound || err.code === E.credentialsChanged)) keep.push(id);
      }
    }
    if (keep.length) this.retired.save(keep);
    else this.retired.clear();
  }

}
