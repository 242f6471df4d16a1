/**
 * Security → Passkeys: add one (after the step-up; the user names it), the list
 * (name, created, last used) and Remove (step-up again). Hidden when the
 * browser cannot use passkeys; says so when the organization does not allow them.
 */
import { Button, Card, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { PasskeyClient } from '../../../shared/passkey-client';
import type { PasskeyInfo } from '../../../shared/passkey-schemas';
import { t } from '../../../shared/i18n/runtime';
import { asError, dateTime, endsSession, usePortal } from '../../context';
import { say } from '../../i18n';
import { createPasskey, passkeyProblem, passkeysSupported } from '../../passkeys/webauthn';
import { useSectionStyles, Notice } from './common';

export function PasskeysSection() {
  const styles = useSectionStyles();
  const { session, withStepUp, refreshMe } = usePortal();
  const passkeys = useMemo(() => new PasskeyClient(session.api), [session.api]);
  const [list, setList] = useState<PasskeyInfo[] | null>(null);
  const [allowed, setAllowed] = useState(true);
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const supported = passkeysSupported();

  const load = useCallback(async () => {
    try {
      const result = await passkeys.list();
      setList(result.passkeys);
      setAllowed(result.allowed);
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    }
  }, [passkeys]);
  useEffect(() => {
    void load();
  }, [load]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const label = name.trim();
    if (!label) return;
    setBusy(true);
    setNotice(null);
    try {
      const added = await withStepUp(async () => {
        const { options } = await passkeys.registrationOptions();
        let response;
        try {
          response = await createPasskey(options);
        } catch (error) {
          setNotice({ intent: 'error', message: { code: 'passkey_browser', message: passkeyProblem(error) } });
          return null;
        }
        return passkeys.add({ name: label, response });
      });
      if (added) {
        setNotice({ intent: 'success', message: say('portal.passkeys.added.title', 'portal.passkeys.added.body', { name: added.passkey.name }) });
        setAdding(false);
        setName('');
        await load();
        // A passkey is a second factor: Two-Step Authentication (and Confirm it's you) follow.
        await refreshMe();
      }
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (passkey: PasskeyInfo) => {
    setNotice(null);
    try {
      const done = await withStepUp(async () => {
        await passkeys.remove(passkey.id);
        return true;
      });
      if (done) {
        setNotice({ intent: 'success', message: say('portal.passkeys.removed.title', 'portal.passkeys.removed.body', { name: passkey.name }) });
        await load();
        await refreshMe();
      }
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    }
  };

  return (
    <Card className={styles.card} aria-labelledby="passkeys-title" data-testid="passkeys">
      <Text as="h2" size={500} weight="semibold" id="passkeys-title" className={styles.h2}>
        {t('portal.passkeys.heading')}
      </Text>
      <Text>{t('portal.passkeys.intro')}</Text>
      <Notice notice={notice} />
      {!allowed ? <Text>{t('portal.passkeys.notAllowed')}</Text> : null}
      {!supported ? <Text>{t('portal.passkeys.unsupported')}</Text> : null}
      {list && list.length === 0 ? <Text>{t('portal.passkeys.none')}</Text> : null}
      {list && list.length > 0 ? (
        <Table aria-label={t('portal.passkeys.tableLabel')} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('portal.passkeys.name')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.passkeys.created')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.passkeys.lastUsed')}</TableHeaderCell>
              <TableHeaderCell>
                <span className="visually-hidden">{t('portal.passkeys.actions')}</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.map((p) => (
              <TableRow key={p.id}>
                <TableCell>{p.name}</TableCell>
                <TableCell>{dateTime(p.createdAt)}</TableCell>
                <TableCell>{p.lastUsedAt ? dateTime(p.lastUsedAt) : t('portal.passkeys.never')}</TableCell>
                <TableCell>
                  <Button size="small" aria-label={t('portal.passkeys.removeLabel', { name: p.name })} onClick={() => void remove(p)}>
                    {t('portal.passkeys.remove')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {allowed && supported && !adding ? (
        <div className={styles.row}>
          <Button appearance="primary" onClick={() => setAdding(true)}>
            {t('portal.passkeys.add')}
          </Button>
        </div>
      ) : null}
      {allowed && supported && adding ? (
        <form className={styles.form} onSubmit={add} data-testid="add-passkey">
          <Field label={t('portal.passkeys.nameLabel')} hint={t('portal.passkeys.nameHint')} required>
            <Input value={name} maxLength={60} onChange={(_, d) => setName(d.value)} autoFocus />
          </Field>
          <div className={styles.row}>
            <Button type="submit" appearance="primary" disabled={busy || !name.trim()}>
              {t('portal.passkeys.continue')}
            </Button>
            <Button type="button" onClick={() => setAdding(false)}>
              {t('portal.passkeys.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
    </Card>
  );
}
