/** Security → Two-Step Authentication: enable, methods, backup codes, change method, turn off (each behind a step-up). */
import { Badge, Button, Card, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { EnrollConfirmResponse, FactorInfo, FactorKind } from '../../../shared/schemas';
import { t } from '../../../shared/i18n/runtime';
import { ErrorMessageBar } from '../../../ui/ErrorMessageBar';
import { Message } from '../../../ui/i18n';
import { say } from '../../i18n';
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
      if (done) setNotice({ intent: 'success', message: say('portal.twoStep.isOff.title', 'portal.twoStep.isOff.body') });
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
      if (done) setNotice({ intent: 'success', message: say('portal.twoStep.removed.title', 'portal.twoStep.removed.body', { method: kindLabel(factor.kind) }) });
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
        continueLabel={t('portal.twoStep.done')}
        onDone={async () => {
          setMode({ kind: 'view' });
          setNotice({ intent: 'success', message: say('portal.twoStep.isOn.title', 'portal.twoStep.isOn.body') });
          await refreshMe();
        }}
      />
    );
  } else if (!me.twoFactorEnabled) {
    body = (
      <>
        <Text>
          <Message id="portal.twoStep.off" values={{ state: <strong>{t('portal.twoStep.stateOff')}</strong> }} />
          {me.policy.require2fa ? ` ${t('portal.twoStep.required')}` : ''}
        </Text>
        <div className={styles.row}>
          <Button appearance="primary" onClick={() => setMode({ kind: 'enroll' })}>
            {t('portal.twoStep.enable')}
          </Button>
        </div>
      </>
    );
  } else {
    const low = me.backupCodesLeft <= 3;
    body = (
      <>
        <Text>
          <Message id={me.factors.length === 0 ? 'portal.twoStep.onPasskey' : 'portal.twoStep.on'} values={{ state: <strong>{t('portal.twoStep.stateOn')}</strong> }} />
        </Text>
        {me.factors.length === 0 ? null : (
        <ul aria-label={t('portal.twoStep.methodsLabel')} data-testid="methods" className={styles.methods}>
          {me.factors.map((f) => (
            <li key={f.id} className={styles.row}>
              <span>
                {kindLabel(f.kind)}
                {f.maskedDestination ? (
                  <>
                    {' ('}
                    <bdi dir="ltr">{f.maskedDestination}</bdi>
                    {')'}
                  </>
                ) : null}
                {' — '}
                {t('portal.twoStep.added', { date: dateTime(f.createdAt) })}
              </span>
              {f.kind === 'totp' ? <Badge appearance="tint" color="success">{t('portal.twoStep.recommended')}</Badge> : null}
              {f.kind === 'sms' ? <Badge appearance="tint" color="warning">{t('portal.twoStep.lessSafe')}</Badge> : null}
              {allowed.includes(f.kind) ? null : <Badge appearance="outline" color="danger">{t('portal.twoStep.offByOrg')}</Badge>}
              {f.kind !== 'totp' && allowed.includes(f.kind) ? (
                <Button size="small" onClick={() => setMode({ kind: 'enroll', onlyKind: f.kind })}>
                  {f.kind === 'sms' ? t('portal.twoStep.changeNumber') : t('portal.twoStep.changeAddress')}
                </Button>
              ) : null}
              {me.factors.length > 1 ? (
                <Button size="small" aria-label={t('portal.twoStep.removeLabel', { method: `${kindLabel(f.kind)}${f.maskedDestination ? ` (${f.maskedDestination})` : ''}` })} onClick={() => void removeOne(f)}>
                  {t('portal.twoStep.remove')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
        )}
        {me.factors.some((f) => f.kind === 'sms') && !held.has('totp') ? (
          <Text size={200}>{t('portal.twoStep.smsAdvice')}</Text>
        ) : null}
        <Text data-testid="backup-codes-left">
          <Message id="portal.twoStep.backupLeft" values={{ count: <strong>{me.backupCodesLeft}</strong> }} />
        </Text>
        {low ? (
          <ErrorMessageBar
            intent="warning"
            error={{
              title: me.backupCodesLeft === 0 ? t('portal.twoStep.noBackupLeft') : t('portal.twoStep.fewBackupLeft', { count: me.backupCodesLeft }),
              body: t('portal.twoStep.lowBackupBody'),
            }}
          />
        ) : null}
        <div className={styles.row}>
          <Button onClick={regenerate}>{t('portal.twoStep.regenerate')}</Button>
          <Button onClick={() => setMode({ kind: 'enroll', initialKind: suggested })}>{t('portal.twoStep.addMethod')}</Button>
          {me.policy.require2fa || me.factors.length === 0 ? null : (
            <Button onClick={() => setConfirmOff(true)}>{t('portal.twoStep.turnOff')}</Button>
          )}
        </div>
        {me.policy.require2fa ? <Text size={200}>{t('portal.twoStep.cannotTurnOff')}</Text> : null}
      </>
    );
  }

  return (
    <Card className={styles.card} aria-labelledby="two-step-title">
      <Text as="h2" size={500} weight="semibold" id="two-step-title" className={styles.h2}>
        {t('portal.twoStep.heading')}
      </Text>
      <Notice notice={notice} />
      {body}
      <Dialog open={confirmOff} onOpenChange={(_, d) => setConfirmOff(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('portal.twoStep.confirmOff.title')}</DialogTitle>
            <DialogContent>{t('portal.twoStep.confirmOff.body')}</DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirmOff(false)}>{t('portal.twoStep.confirmOff.cancel')}</Button>
              <Button appearance="primary" onClick={turnOff}>
                {t('portal.twoStep.confirmOff.confirm')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Card>
  );
}
