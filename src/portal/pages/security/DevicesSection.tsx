/** Security → Devices and sessions: client registrations and sessions, each revocable. */
import { Badge, Button, Card, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { RegistrationInfo, SessionInfo } from '../../../shared/schemas';
import { t } from '../../../shared/i18n/runtime';
import { say, type Said } from '../../i18n';
import { asError, dateTime, endsSession, usePortal } from '../../context';
import { useSectionStyles, Notice, clientLabel } from './common';

export function DevicesSection() {
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

  const act = async (action: () => Promise<unknown>, done: Said) => {
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
        {t('portal.devices.heading')}
      </Text>
      <Notice notice={notice} />
      <Text as="h3" size={400} weight="semibold" className={styles.h3}>
        {t('portal.devices.registered')}
      </Text>
      {registrations && registrations.length === 0 ? <Text>{t('portal.devices.none')}</Text> : null}
      {registrations && registrations.length > 0 ? (
        <Table aria-label={t('portal.devices.registered')} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('portal.devices.device')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.devices.client')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.devices.host')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.devices.mailbox')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.devices.firstSeen')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.devices.lastSeen')}</TableHeaderCell>
              <TableHeaderCell>
                <span className="visually-hidden">{t('portal.devices.actions')}</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {registrations.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{r.label}</TableCell>
                <TableCell>{clientLabel(r.clientType)}</TableCell>
                <TableCell>{[r.host, r.platform].filter(Boolean).join(' · ') || '—'}</TableCell>
                <TableCell>{r.mailboxHint ? <bdi dir="ltr">{r.mailboxHint}</bdi> : '—'}</TableCell>
                <TableCell>{dateTime(r.createdAt)}</TableCell>
                <TableCell>{dateTime(r.lastSeenAt)}</TableCell>
                <TableCell>
                  <Button size="small" aria-label={t('portal.devices.revokeLabel', { device: r.label })} onClick={() => act(() => api.revokeRegistration(r.id), say('portal.devices.revoked.title', 'portal.devices.revoked.body', { device: r.label }))}>
                    {t('portal.devices.revoke')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <Text as="h3" size={400} weight="semibold" className={styles.h3}>
        {t('portal.devices.sessions')}
      </Text>
      {sessions && sessions.length > 0 ? (
        <Table aria-label={t('portal.devices.sessions')} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('portal.devices.client')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.devices.started')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.devices.lastActive')}</TableHeaderCell>
              <TableHeaderCell>{t('portal.devices.address')}</TableHeaderCell>
              <TableHeaderCell>
                <span className="visually-hidden">{t('portal.devices.actions')}</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sessions.map((s) => (
              <TableRow key={s.id}>
                <TableCell>
                  {clientLabel(s.clientType)} {s.current ? <Badge appearance="outline">{t('portal.devices.thisSession')}</Badge> : null}
                </TableCell>
                <TableCell>{dateTime(s.createdAt)}</TableCell>
                <TableCell>{dateTime(s.lastUsedAt)}</TableCell>
                <TableCell>{s.ip ? <bdi dir="ltr">{s.ip}</bdi> : '—'}</TableCell>
                <TableCell>
                  {s.current ? null : (
                    <Button size="small" aria-label={t('portal.devices.signOutLabel', { date: dateTime(s.createdAt) })} onClick={() => act(() => api.revokeSession(s.id), say('portal.devices.sessionEnded'))}>
                      {t('portal.devices.signOut')}
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
            }, say('portal.devices.signedOutOthers.title', 'portal.devices.signedOutOthers.body'))
          }
        >
          {t('portal.devices.signOutOthers')}
        </Button>
      </div>
    </Card>
  );
}
