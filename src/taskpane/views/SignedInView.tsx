import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Spinner } from '../../ui/LazySpinner';
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../shared/api-client';
import type { MeResponse, RegistrationInfo } from '../../shared/schemas';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { ErrorLike } from '../../ui/errors';
import { formatDate, formatDateTime, formatTime } from '../../shared/i18n/format';
import { t, tm } from '../../shared/i18n/runtime';
import { Message } from '../../ui/i18n';
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

/** A session limit: the time alone when it falls today, else date and time. */
function limit(iso: string, now = Date.now()): string {
  return new Date(iso).toDateString() === new Date(now).toDateString() ? formatTime(iso) : formatDateTime(iso);
}

/** The next limit first: "Signed in until 3:22 AM if you stay inactive, and until 2:22 PM at the latest." */
export function sessionLimits(expiresAt: string, idleExpiresAt: string, now = Date.now()): string {
  const end = limit(expiresAt, now);
  if (Date.parse(idleExpiresAt) >= Date.parse(expiresAt)) return t('pane.signedIn.until', { end });
  return t('pane.signedIn.untilIdle', { idle: limit(idleExpiresAt, now), end });
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
      <ViewHeading>{t('pane.signedIn.title')}</ViewHeading>
      {view.notice ? <ErrorMessageBar error={{ title: t('pane.signedIn.done'), body: tm(view.notice) }} intent="success" /> : null}
      <section className={styles.card} aria-label={t('pane.signedIn.accountLabel')}>
        <Text weight="semibold" data-testid="account-name">{session.user.displayName || session.user.username}</Text>
        <Text className={layout.muted}><bdi dir="ltr">{session.user.username}</bdi> · <bdi>{session.user.orgName}</bdi></Text>
        <Text data-testid="session-expiry">
          {sessionLimits(session.expiresAt, session.idleExpiresAt)}
        </Text>
        {me ? (
          <Text data-testid="backup-codes-left">
            {me.twoFactorEnabled ? t('pane.signedIn.backupLeft', { count: me.backupCodesLeft }) : t('pane.signedIn.twoStepOff')}
          </Text>
        ) : null}
      </section>
      <ErrorMessageBar error={error} action={{ label: t('common.action.tryAgain'), onClick: () => void load() }} />
      <section className={styles.card} aria-labelledby="devices-title">
        <Text as="h2" weight="semibold" id="devices-title">{t('pane.devices.title')}</Text>
        {devices === null ? (
          error ? null : <Spinner size="tiny" label={t('pane.devices.loading')} />
        ) : devices.length === 0 ? (
          <Text>{t('pane.devices.none')}</Text>
        ) : (
          <ul className={styles.list} data-testid="devices">
            {devices.map((d) => (
              <li key={d.id} className={styles.device}>
                <span>
                  <Text weight={d.id === view.registrationId ? 'semibold' : 'regular'}>
                    {d.id === view.registrationId ? <Message id="pane.devices.thisDevice" values={{ label: <bdi>{d.label}</bdi> }} /> : d.label}
                  </Text>
                  <br />
                  <Text size={200} className={layout.muted}>
                    {[d.host, d.platform, d.mailboxHint].filter(Boolean).join(' · ')} · {t('pane.devices.lastUsed', { date: formatDate(d.lastSeenAt) })}
                  </Text>
                </span>
                <Button size="small" disabled={busy !== null} onClick={() => void revoke(d)} aria-label={t('pane.devices.removeLabel', { label: d.label })}>
                  {busy === d.id ? t('pane.devices.removing') : t('pane.devices.remove')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div>
        <Button appearance="primary" onClick={() => void gate.signOut()} data-testid="sign-out">
          {t('pane.signedIn.signOut')}
        </Button>
      </div>
    </>
  );
}

export default SignedInView;
