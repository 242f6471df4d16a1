/**
 * Account Settings → Security: Two-Step Authentication (enable, methods,
 * backup codes, change method, turn off — each behind a step-up), password,
 * and devices and sessions.
 */
import {
  Badge,
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { EnrollConfirmResponse, FactorInfo, FactorKind, RegistrationInfo, SessionInfo } from '../../shared/schemas';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { UserMessage } from '../../ui/errors';
import { EnrollAuthenticator } from '../components/EnrollAuthenticator';
import { SaveBackupCodes } from '../components/SaveBackupCodes';
import { initialSecondFactor, SecondFactorFields, usableMethods, type SecondFactorValue } from '../components/SecondFactorFields';
import { asError, dateTime, endsSession, usePortal } from '../context';

export const useSectionStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '420px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  h2: { margin: 0 },
  h3: { margin: 0 },
  methods: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

type Notice = { intent: 'success' | 'error' | 'warning' | 'info'; message: UserMessage | ReturnType<typeof asError> } | null;

function Notice({ notice }: { notice: Notice }) {
  return notice ? <ErrorMessageBar error={notice.message} intent={notice.intent} /> : null;
}

const kindLabel: Record<string, string> = { totp: 'Authenticator app', sms: 'Text message (SMS)', email: 'Email' };
const turnedOn: Record<FactorKind, UserMessage> = {
  totp: { title: 'Your authenticator app is on.', body: 'Codes from an earlier app no longer work.' },
  email: { title: 'Email codes are on.', body: 'An earlier email address, if you had one, no longer gets codes.' },
  sms: { title: 'Text message codes are on.', body: 'An earlier number, if you had one, no longer gets codes. An authenticator app is safer; add one when you can.' },
};

type EnrollMode = { kind: 'enroll'; initialKind?: FactorKind; onlyKind?: FactorKind };
const clientLabel: Record<string, string> = { 'outlook-addin': 'Outlook add-in', web: 'Web portal', desktop: 'Desktop sync client', mobile: 'Mobile app' };

function TwoStepSection() {
  const styles = useSectionStyles();
  const { session, me, refreshMe, withStepUp } = usePortal();
  const [mode, setMode] = useState<{ kind: 'view' } | EnrollMode | { kind: 'codes'; codes: string[] }>({ kind: 'view' });
  const [notice, setNotice] = useState<Notice>(null);
  const [confirmOff, setConfirmOff] = useState(false);
  const api = session.api;
  const fail = (e: unknown) => {
    if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
  };

  const regenerate = async () => {
    setNotice(null);
    try {
      const result = await withStepUp(() => api.regenerateBackupCodes());
      if (result) setMode({ kind: 'codes', codes: result.codes });
    } catch (e) {
      fail(e);
    }
  };

  const turnOff = async () => {
    setConfirmOff(false);
    setNotice(null);
    try {
      const done = await withStepUp(async () => {
        for (const factor of me.factors) await api.removeFactor(factor.id);
        return true;
      });
      if (done) setNotice({ intent: 'success', message: { title: 'Two-step authentication is off.', body: 'Your backup codes no longer work.' } });
      await refreshMe();
    } catch (e) {
      fail(e);
      await refreshMe();
    }
  };

  const removeOne = async (factor: FactorInfo) => {
    setNotice(null);
    try {
      const done = await withStepUp(async () => {
        await api.removeFactor(factor.id);
        return true;
      });
      if (done) setNotice({ intent: 'success', message: { title: `${kindLabel[factor.kind] ?? factor.kind} removed.`, body: 'Your other methods and backup codes still work.' } });
    } catch (e) {
      fail(e);
    }
    await refreshMe();
  };

  const allowed = me.policy.allowedMethods;
  const held = new Set(me.factors.map((f) => f.kind));
  // "Add a method" starts on a safe kind the user lacks (the app, then email); never on text messages.
  const suggested: FactorKind = !held.has('totp') ? 'totp' : !held.has('email') && allowed.includes('email') ? 'email' : 'totp';

  let body: React.ReactNode;
  if (mode.kind === 'enroll') {
    body = (
      <EnrollAuthenticator
        key={`${mode.onlyKind ?? ''}-${mode.initialKind ?? ''}`}
        api={api}
        account={me.user.username}
        run={withStepUp}
        allowedMethods={allowed}
        initialKind={mode.initialKind}
        onlyKind={mode.onlyKind}
        defaultEmail={me.user.email}
        onCancel={() => setMode({ kind: 'view' })}
        onDone={async (result: EnrollConfirmResponse) => {
          await refreshMe();
          if (result.backupCodes?.length) setMode({ kind: 'codes', codes: result.backupCodes });
          else {
            setMode({ kind: 'view' });
            setNotice({ intent: 'success', message: turnedOn[result.factor.kind] });
          }
        }}
      />
    );
  } else if (mode.kind === 'codes') {
    body = (
      <SaveBackupCodes
        codes={mode.codes}
        continueLabel="Done"
        onDone={async () => {
          setMode({ kind: 'view' });
          setNotice({ intent: 'success', message: { title: 'Two-step authentication is on.', body: 'Keep your backup codes somewhere safe.' } });
          await refreshMe();
        }}
      />
    );
  } else if (!me.twoFactorEnabled) {
    body = (
      <>
        <Text>
          Two-step authentication is <strong>off</strong>. Turn it on so that a stolen password alone cannot open your account.
          {me.policy.require2fa ? ' Your organization requires it.' : ''}
        </Text>
        <div className={styles.row}>
          <Button appearance="primary" onClick={() => setMode({ kind: 'enroll' })}>
            Enable Two-Step Authentication
          </Button>
        </div>
      </>
    );
  } else {
    const low = me.backupCodesLeft <= 3;
    body = (
      <>
        <Text>
          Two-step authentication is <strong>on</strong>.
        </Text>
        <ul aria-label="Your methods" data-testid="methods" className={styles.methods}>
          {me.factors.map((f) => (
            <li key={f.id} className={styles.row}>
              <span>
                {kindLabel[f.kind] ?? f.kind}
                {f.maskedDestination ? ` (${f.maskedDestination})` : ''} — added {dateTime(f.createdAt)}
              </span>
              {f.kind === 'totp' ? <Badge appearance="tint" color="success">Recommended</Badge> : null}
              {f.kind === 'sms' ? <Badge appearance="tint" color="warning">Less safe</Badge> : null}
              {allowed.includes(f.kind) ? null : <Badge appearance="outline" color="danger">Turned off by your organization</Badge>}
              {f.kind !== 'totp' && allowed.includes(f.kind) ? (
                <Button size="small" onClick={() => setMode({ kind: 'enroll', onlyKind: f.kind })}>
                  {f.kind === 'sms' ? 'Change number' : 'Change address'}
                </Button>
              ) : null}
              {me.factors.length > 1 ? (
                <Button size="small" aria-label={`Remove ${kindLabel[f.kind] ?? f.kind}${f.maskedDestination ? ` (${f.maskedDestination})` : ''}`} onClick={() => void removeOne(f)}>
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
        {me.factors.some((f) => f.kind === 'sms') && !held.has('totp') ? (
          <Text size={200}>Text messages are the least safe method (a phone number can be taken over). Add an authenticator app if you can.</Text>
        ) : null}
        <Text data-testid="backup-codes-left">
          Backup codes left: <strong>{me.backupCodesLeft}</strong>
        </Text>
        {low ? (
          <ErrorMessageBar
            intent="warning"
            error={{ title: me.backupCodesLeft === 0 ? 'No backup codes left.' : `Only ${me.backupCodesLeft} backup codes left.`, body: 'Create a new set so you are not locked out if you lose your phone.' }}
          />
        ) : null}
        <div className={styles.row}>
          <Button onClick={regenerate}>Regenerate backup codes</Button>
          <Button onClick={() => setMode({ kind: 'enroll', initialKind: suggested })}>Add or change a method</Button>
          {me.policy.require2fa ? null : (
            <Button onClick={() => setConfirmOff(true)}>Turn off two-step authentication</Button>
          )}
        </div>
        {me.policy.require2fa ? <Text size={200}>Your organization requires two-step authentication, so it cannot be turned off.</Text> : null}
      </>
    );
  }

  return (
    <Card className={styles.card} aria-labelledby="two-step-title">
      <Text as="h2" size={500} weight="semibold" id="two-step-title" className={styles.h2}>
        Two-Step Authentication
      </Text>
      <Notice notice={notice} />
      {body}
      <Dialog open={confirmOff} onOpenChange={(_, d) => setConfirmOff(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Turn off two-step authentication?</DialogTitle>
            <DialogContent>Your account will be protected by your password alone, and your backup codes stop working.</DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirmOff(false)}>Cancel</Button>
              <Button appearance="primary" onClick={turnOff}>
                Turn off
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Card>
  );
}

function PasswordSection() {
  const styles = useSectionStyles();
  const { session, me, refreshMe } = usePortal();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const methods = usableMethods(me);
  const [second, setSecond] = useState<SecondFactorValue>(() => initialSecondFactor(methods));
  // Methods added or removed above: start again from the user's first method.
  const methodsKey = JSON.stringify(methods);
  useEffect(() => setSecond(initialSecondFactor(JSON.parse(methodsKey) as typeof methods)), [methodsKey]);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat.length > 0 && next !== repeat;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      await session.api.changePassword({ currentPassword: current, newPassword: next, ...(me.twoFactorEnabled ? { method: second.method, code: second.code, ...(second.factorId ? { factorId: second.factorId } : {}) } : {}) });
      setCurrent('');
      setNext('');
      setRepeat('');
      setSecond(initialSecondFactor(methods));
      setNotice({ intent: 'success', message: { title: 'Password changed.', body: 'Every other session and device, the Outlook add-in included, must sign in again with a code.' } });
      await refreshMe();
    } catch (e) {
      setSecond((s) => ({ ...s, code: '' }));
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={styles.card} aria-labelledby="password-title">
      <Text as="h2" size={500} weight="semibold" id="password-title" className={styles.h2}>
        Password
      </Text>
      <form className={styles.form} onSubmit={submit}>
        <Notice notice={notice} />
        <Field label="Current password" required>
          <Input type="password" autoComplete="current-password" value={current} onChange={(_, d) => setCurrent(d.value)} />
        </Field>
        <Field label="New password" hint="At least 12 characters." required>
          <Input type="password" autoComplete="new-password" value={next} onChange={(_, d) => setNext(d.value)} />
        </Field>
        <Field label="Repeat the new password" required validationState={mismatch ? 'error' : 'none'} validationMessage={mismatch ? 'The passwords do not match.' : undefined}>
          <Input type="password" autoComplete="new-password" value={repeat} onChange={(_, d) => setRepeat(d.value)} />
        </Field>
        {me.twoFactorEnabled ? (
          <SecondFactorFields
            idPrefix="password"
            value={second}
            onChange={setSecond}
            allowBackup={me.backupCodesLeft > 0}
            {...methods}
            onSend={(o) => session.api.sendCode({ method: o.method, ...(o.factorId ? { factorId: o.factorId } : {}) })}
          />
        ) : null}
        <div className={styles.row}>
          <Button type="submit" appearance="primary" disabled={busy || !current || !next || next !== repeat || (me.twoFactorEnabled && !second.code)}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}

function DevicesSection() {
  const styles = useSectionStyles();
  const { session } = usePortal();
  const [registrations, setRegistrations] = useState<RegistrationInfo[] | null>(null);
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const api = session.api;

  const load = useCallback(async () => {
    try {
      const [r, s] = await Promise.all([api.registrations(), api.sessions()]);
      setRegistrations(r.registrations);
      setSessions(s.sessions);
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (action: () => Promise<unknown>, done: UserMessage) => {
    setNotice(null);
    try {
      await action();
      setNotice({ intent: 'success', message: done });
      await load();
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    }
  };

  return (
    <Card className={styles.card} aria-labelledby="devices-title">
      <Text as="h2" size={500} weight="semibold" id="devices-title" className={styles.h2}>
        Devices and sessions
      </Text>
      <Notice notice={notice} />
      <Text as="h3" size={400} weight="semibold" className={styles.h3}>
        Registered devices
      </Text>
      {registrations && registrations.length === 0 ? <Text>No registered devices.</Text> : null}
      {registrations && registrations.length > 0 ? (
        <Table aria-label="Registered devices" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Device</TableHeaderCell>
              <TableHeaderCell>Client</TableHeaderCell>
              <TableHeaderCell>Host</TableHeaderCell>
              <TableHeaderCell>Mailbox</TableHeaderCell>
              <TableHeaderCell>First seen</TableHeaderCell>
              <TableHeaderCell>Last seen</TableHeaderCell>
              <TableHeaderCell>
                <span className="visually-hidden">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {registrations.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{r.label}</TableCell>
                <TableCell>{clientLabel[r.clientType] ?? r.clientType}</TableCell>
                <TableCell>{[r.host, r.platform].filter(Boolean).join(' · ') || '—'}</TableCell>
                <TableCell>{r.mailboxHint ?? '—'}</TableCell>
                <TableCell>{dateTime(r.createdAt)}</TableCell>
                <TableCell>{dateTime(r.lastSeenAt)}</TableCell>
                <TableCell>
                  <Button size="small" aria-label={`Revoke ${r.label}`} onClick={() => act(() => api.revokeRegistration(r.id), { title: 'Device revoked.', body: `${r.label} must sign in again with a password and a code.` })}>
                    Revoke
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <Text as="h3" size={400} weight="semibold" className={styles.h3}>
        Sessions
      </Text>
      {sessions && sessions.length > 0 ? (
        <Table aria-label="Sessions" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Client</TableHeaderCell>
              <TableHeaderCell>Started</TableHeaderCell>
              <TableHeaderCell>Last active</TableHeaderCell>
              <TableHeaderCell>Address</TableHeaderCell>
              <TableHeaderCell>
                <span className="visually-hidden">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sessions.map((s) => (
              <TableRow key={s.id}>
                <TableCell>
                  {s.clientType ? (clientLabel[s.clientType] ?? s.clientType) : 'Unknown client'} {s.current ? <Badge appearance="outline">This session</Badge> : null}
                </TableCell>
                <TableCell>{dateTime(s.createdAt)}</TableCell>
                <TableCell>{dateTime(s.lastUsedAt)}</TableCell>
                <TableCell>{s.ip ?? '—'}</TableCell>
                <TableCell>
                  {s.current ? null : (
                    <Button size="small" aria-label={`Sign out the session started ${dateTime(s.createdAt)}`} onClick={() => act(() => api.revokeSession(s.id), { title: 'Session ended.', body: '' })}>
                      Sign out
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <div className={styles.row}>
        <Button
          onClick={() =>
            act(async () => {
              const { count } = await api.revokeOtherSessions();
              return count;
            }, { title: 'Signed out everywhere else.', body: 'Your other sessions have ended; this one stays.' })
          }
        >
          Sign out everywhere else
        </Button>
      </div>
    </Card>
  );
}

export function Security() {
  const styles = useSectionStyles();
  return (
    <div className={styles.stack} data-testid="page-security">
      <TwoStepSection />
      <PasswordSection />
      <DevicesSection />
    </div>
  );
}
