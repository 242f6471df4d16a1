/** Security → Two-Step Authentication: enable, methods, backup codes, change method, turn off (each behind a step-up). */
import { Badge, Button, Card, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { EnrollConfirmResponse, FactorInfo, FactorKind } from '../../../shared/schemas';
import { ErrorMessageBar } from '../../../ui/ErrorMessageBar';
import { EnrollAuthenticator } from '../../components/EnrollAuthenticator';
import { SaveBackupCodes } from '../../components/SaveBackupCodes';
import { asError, dateTime, endsSession, usePortal } from '../../context';
import { useSectionStyles, Notice, kindLabel, turnedOn, EnrollMode } from './common';

export function TwoStepSection() {
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
          Two-step authentication is <strong>on</strong>
          {me.factors.length === 0 ? ', with your passkey (see Passkeys below). Add a code method too, so that you can still sign in where passkeys do not work.' : '.'}
        </Text>
        {me.factors.length === 0 ? null : (
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
        )}
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
          {me.policy.require2fa || me.factors.length === 0 ? null : (
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
