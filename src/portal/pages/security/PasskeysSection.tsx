/**
 * Security → Passkeys: add one (after the step-up; the user names it), the list
 * (name, created, last used) and Remove (step-up again). Hidden when the
 * browser cannot use passkeys; says so when the organization does not allow them.
 */
import { Button, Card, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { PasskeyClient } from '../../../shared/passkey-client';
import type { PasskeyInfo } from '../../../shared/passkey-schemas';
import { asError, dateTime, endsSession, usePortal } from '../../context';
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
        setNotice({ intent: 'success', message: { title: 'Passkey added.', body: `You can now sign in with “${added.passkey.name}” without typing a code.` } });
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
        setNotice({ intent: 'success', message: { title: 'Passkey removed.', body: `“${passkey.name}” can no longer be used to sign in.` } });
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
        Passkeys
      </Text>
      <Text>
        A passkey signs you in with your fingerprint, face or device PIN instead of a typed code. It only works on this site, so a fake sign-in page cannot use it.
      </Text>
      <Notice notice={notice} />
      {!allowed ? <Text>Your organization does not allow passkeys.</Text> : null}
      {!supported ? <Text>This browser cannot use passkeys.</Text> : null}
      {list && list.length === 0 ? <Text>No passkeys yet.</Text> : null}
      {list && list.length > 0 ? (
        <Table aria-label="Passkeys" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Created</TableHeaderCell>
              <TableHeaderCell>Last used</TableHeaderCell>
              <TableHeaderCell>
                <span className="visually-hidden">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.map((p) => (
              <TableRow key={p.id}>
                <TableCell>{p.name}</TableCell>
                <TableCell>{dateTime(p.createdAt)}</TableCell>
                <TableCell>{p.lastUsedAt ? dateTime(p.lastUsedAt) : 'Never'}</TableCell>
                <TableCell>
                  <Button size="small" aria-label={`Remove ${p.name}`} onClick={() => void remove(p)}>
                    Remove
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
            Add a passkey
          </Button>
        </div>
      ) : null}
      {allowed && supported && adding ? (
        <form className={styles.form} onSubmit={add} data-testid="add-passkey">
          <Field label="Passkey name" hint="So you can tell your passkeys apart, e.g. MacBook Touch ID" required>
            <Input value={name} maxLength={60} onChange={(_, d) => setName(d.value)} autoFocus />
          </Field>
          <div className={styles.row}>
            <Button type="submit" appearance="primary" disabled={busy || !name.trim()}>
              Continue
            </Button>
            <Button type="button" onClick={() => setAdding(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </Card>
  );
}
