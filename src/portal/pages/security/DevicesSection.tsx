/** Security → Devices and sessions: client registrations and sessions, each revocable. */
import { Badge, Button, Card, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { RegistrationInfo, SessionInfo } from '../../../shared/schemas';
import type { UserMessage } from '../../../ui/errors';
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
