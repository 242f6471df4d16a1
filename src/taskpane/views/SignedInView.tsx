import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../shared/api-client';
import type { MeResponse, RegistrationInfo } from '../../shared/schemas';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { ErrorLike } from '../../ui/errors';
import type { Gate } from '../gate/gate';
import { toGateError } from '../gate/gate';
import type { GateView } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  list: { margin: 0, padding: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  device: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

function time(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

/** What the gate protects: the account, this session, devices, backup codes, Sign out. */
export function SignedInView({ view, gate, cloudsync }: { view: Extract<GateView, { kind: 'signed-in' }>; gate: Gate; cloudsync: ApiClient }) {
  const layout = useLayoutStyles();
  const styles = useStyles();
  const [me, setMe] = useState<MeResponse | null>(null);
  const [devices, setDevices] = useState<RegistrationInfo[] | null>(null);
  const [error, setError] = useState<ErrorLike | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { session } = view;

  const load = useCallback(async () => {
    try {
      const [m, r] = await Promise.all([cloudsync.me(), cloudsync.registrations()]);
      setMe(m);
      setDevices(r.registrations);
      setError(null);
      gate.sessionRefreshed({ expiresAt: m.session.expiresAt, idleExpiresAt: m.session.idleExpiresAt });
    } catch (e) {
      setError(toGateError(e));
    }
  }, [cloudsync, gate]);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (reg: RegistrationInfo) => {
    setBusy(reg.id);
    try {
      await cloudsync.revokeRegistration(reg.id);
      if (reg.id === view.registrationId) {
        // This device is no longer registered: the next step is password + code.
        gate.sessionEnded('credentials_changed');
        return;
      }
      await load();
    } catch (e) {
      setError(toGateError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <ViewHeading>You&apos;re signed in</ViewHeading>
      {view.notice ? <ErrorMessageBar error={{ title: 'Done', body: view.notice }} intent="success" /> : null}
      <section className={styles.card} aria-label="Account">
        <Text weight="semibold" data-testid="account-name">{session.user.displayName || session.user.username}</Text>
        <Text className={layout.muted}>{session.user.username} · {session.user.orgName}</Text>
        <Text data-testid="session-expiry">
          This session ends {time(session.expiresAt)}, or after inactivity ({time(session.idleExpiresAt)}).
        </Text>
        {me ? (
          <Text data-testid="backup-codes-left">
            {me.twoFactorEnabled ? `Backup codes left: ${me.backupCodesLeft}` : 'Two-Step Authentication is off for your account.'}
          </Text>
        ) : null}
      </section>
      <ErrorMessageBar error={error} action={{ label: 'Try again', onClick: () => void load() }} />
      <section className={styles.card} aria-labelledby="devices-title">
        <Text as="h2" weight="semibold" id="devices-title">Registered devices</Text>
        {devices === null ? (
          error ? null : <Spinner size="tiny" label="Loading devices…" />
        ) : devices.length === 0 ? (
          <Text>No registered devices.</Text>
        ) : (
          <ul className={styles.list} data-testid="devices">
            {devices.map((d) => (
              <li key={d.id} className={styles.device}>
                <span>
                  <Text weight={d.id === view.registrationId ? 'semibold' : 'regular'}>
                    {d.label}
                    {d.id === view.registrationId ? ' (this device)' : ''}
                  </Text>
                  <br />
                  <Text size={200} className={layout.muted}>
                    {[d.host, d.platform, d.mailboxHint].filter(Boolean).join(' · ')} · last used {new Date(d.lastSeenAt).toLocaleDateString()}
                  </Text>
                </span>
                <Button size="small" disabled={busy !== null} onClick={() => void revoke(d)} aria-label={`Remove ${d.label}`}>
                  {busy === d.id ? 'Removing…' : 'Remove'}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div>
        <Button appearance="primary" onClick={() => void gate.signOut()}>
          Sign out
        </Button>
      </div>
    </>
  );
}

export default SignedInView;
