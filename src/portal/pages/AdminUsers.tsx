/** Admin → Users: search and list with 2FA status; create a user; reset 2FA (confirm + step-up); unlock; devices. */
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
  mergeClasses,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AdminUser, AdminUserStatus, AdminUsersResponse } from '../../shared/admin-schemas';
import type { RegistrationInfo, Role } from '../../shared/schemas';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { Message, useLocale } from '../../ui/i18n';
import { t } from '../../shared/i18n/runtime';
import { asError, endsSession, usePortal } from '../context';
import { clientLabel, formatList, methodLabel, noticeText, roleLabel, showing, when, type AdminNotice } from './admin/labels';
import { useAdminStyles } from './admin/styles';
import { useSectionStyles } from './Security';

const pageSize = 25;
type Notice = AdminNotice | { intent: 'error'; message: ReturnType<typeof asError> } | null;

function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (user: AdminUser) => void }) {
  const styles = useSectionStyles();
  const admin = useAdminStyles();
  const { session } = usePortal();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [error, setError] = useState<ReturnType<typeof asError> | null>(null);
  const [busy, setBusy] = useState(false);
  useLocale();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await session.admin.createUser({ username, password, role, ...(displayName ? { displayName } : {}) });
      setUsername('');
      setDisplayName('');
      setPassword('');
      setRole('user');
      onCreated(user);
    } catch (e) {
      if (!endsSession(e)) setError(asError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={(_, d) => (!d.open ? onClose() : undefined)}>
      <DialogSurface className={admin.wrap}>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{t('admin.users.create.title')}</DialogTitle>
            <DialogContent className={styles.form}>
              <ErrorMessageBar error={error} />
              <Field label={t('admin.users.create.username')} required>
                <Input value={username} autoComplete="off" dir="ltr" onChange={(_, d) => setUsername(d.value)} />
              </Field>
              <Field label={t('admin.users.create.displayName')}>
                <Input value={displayName} autoComplete="off" onChange={(_, d) => setDisplayName(d.value)} />
              </Field>
              <Field label={t('admin.users.create.password')} hint={t('admin.users.create.passwordHint')} required>
                <Input type="password" autoComplete="new-password" value={password} onChange={(_, d) => setPassword(d.value)} />
              </Field>
              <Field label={t('admin.users.create.role')}>
                <Select value={role} onChange={(_, d) => setRole(d.value as Role)}>
                  <option value="user">{t('admin.role.user')}</option>
                  <option value="admin">{t('admin.role.admin')}</option>
                </Select>
              </Field>
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={onClose}>
                {t('admin.users.cancel')}
              </Button>
              <Button type="submit" appearance="primary" disabled={busy || !username || !password}>
                {t('admin.users.create.submit')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function DevicesDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const { session } = usePortal();
  const table = useAdminStyles();
  useLocale();
  const [registrations, setRegistrations] = useState<RegistrationInfo[] | null>(null);
  const [error, setError] = useState<ReturnType<typeof asError> | null>(null);
  const load = useCallback(async () => {
    if (!user) return;
    try {
      setRegistrations(await session.admin.registrations(user.id));
    } catch (e) {
      if (!endsSession(e)) setError(asError(e));
    }
  }, [session, user]);
  useEffect(() => {
    setRegistrations(null);
    setError(null);
    void load();
  }, [load]);

  return (
    <Dialog open={user !== null} onOpenChange={(_, d) => (!d.open ? onClose() : undefined)}>
      <DialogSurface className={table.wrap}>
        <DialogBody>
          <DialogTitle>
            <Message id="admin.users.devices.title" values={{ name: <bdi>{user?.displayName}</bdi> }} />
          </DialogTitle>
          <DialogContent>
            <ErrorMessageBar error={error} />
            {registrations?.length === 0 ? <Text>{t('admin.users.devices.none')}</Text> : null}
            {registrations && registrations.length > 0 ? (
              <div className={table.scroller}>
              <Table aria-label={t('admin.users.devices.tableLabel')} size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('admin.users.devices.col.device')}</TableHeaderCell>
                    <TableHeaderCell>{t('admin.users.devices.col.mailbox')}</TableHeaderCell>
                    <TableHeaderCell>{t('admin.users.devices.col.lastSeen')}</TableHeaderCell>
                    <TableHeaderCell>
                      <span className="visually-hidden">{t('admin.users.devices.col.actions')}</span>
                    </TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {registrations.map((r) => (
                    <TableRow key={r.id}>
                      <TableCell>
                        <Message id="admin.users.devices.device" values={{ label: <bdi>{r.label}</bdi>, client: clientLabel(r.clientType) }} />
                      </TableCell>
                      <TableCell>{r.mailboxHint ? <bdi dir="ltr">{r.mailboxHint}</bdi> : '—'}</TableCell>
                      <TableCell>{when(r.lastSeenAt)}</TableCell>
                      <TableCell>
                        <Button
                          size="small"
                          aria-label={t('admin.users.devices.revokeLabel', { label: r.label })}
                          onClick={async () => {
                            try {
                              await session.admin.revokeRegistration(user!.id, r.id);
                              await load();
                            } catch (e) {
                              if (!endsSession(e)) setError(asError(e));
                            }
                          }}
                        >
                          {t('admin.users.devices.revoke')}
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              </div>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button data-action="close" onClick={onClose}>
              {t('admin.users.devices.close')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

export function AdminUsers() {
  const styles = useSectionStyles();
  const table = useAdminStyles();
  useLocale();
  const { session, withStepUp } = usePortal();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<AdminUserStatus>('all');
  const [offset, setOffset] = useState(0);
  const [query, setQuery] = useState({ q: '', status: 'all' as AdminUserStatus });
  const [result, setResult] = useState<AdminUsersResponse | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [devicesOf, setDevicesOf] = useState<AdminUser | null>(null);

  const load = useCallback(async () => {
    try {
      setResult(await session.admin.users({ q: query.q, status: query.status, offset, limit: pageSize }));
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    }
  }, [session, query, offset]);
  useEffect(() => {
    void load();
  }, [load]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setQuery({ q, status });
  };

  const act = async (action: () => Promise<AdminUser | undefined>, done: (u: AdminUser) => Omit<AdminNotice, 'intent'>) => {
    setNotice(null);
    try {
      const user = await action();
      // The list is current before the confirmation shows, so the row already says what the message says.
      await load();
      if (user) setNotice({ intent: 'success', ...done(user) });
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    }
  };

  const reset = async (user: AdminUser) => {
    setResetting(null);
    await act(
      () => withStepUp(() => session.admin.resetTwoFactor(user.id)),
      (u) => ({ title: { id: 'admin.users.resetDone.title', values: { name: u.displayName } }, body: { id: 'admin.users.resetDone.body' } }),
    );
  };

  return (
    <Card className={mergeClasses(styles.card, table.wrap)} data-testid="page-users">
      <Text as="h2" size={500} weight="semibold" className={styles.h2}>
        {t('admin.users.heading')}
      </Text>
      {notice ? <ErrorMessageBar error={notice.intent === 'success' ? noticeText(notice) : notice.message} intent={notice.intent} /> : null}
      <form className={styles.row} onSubmit={search} role="search">
        <Field label={t('admin.users.searchLabel')}>
          <Input value={q} onChange={(_, d) => setQ(d.value)} placeholder={t('admin.users.searchPlaceholder')} />
        </Field>
        <Field label={t('admin.users.statusLabel')}>
          <Select value={status} onChange={(_, d) => setStatus(d.value as AdminUserStatus)}>
            <option value="all">{t('admin.users.status.all')}</option>
            <option value="enrolled">{t('admin.users.status.enrolled')}</option>
            <option value="not_enrolled">{t('admin.users.status.notEnrolled')}</option>
            <option value="locked">{t('admin.users.status.locked')}</option>
          </Select>
        </Field>
        <Button type="submit">{t('admin.users.searchButton')}</Button>
        <Button appearance="primary" type="button" onClick={() => setCreating(true)}>
          {t('admin.users.createButton')}
        </Button>
      </form>
      {result ? (
        <>
          <div className={table.scroller} data-testid="users-scroller">
          <Table aria-label={t('admin.users.tableLabel')} size="small" className={table.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('admin.users.col.user')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.users.col.role')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.users.col.twoStep')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.users.col.methods')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.users.col.locked')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.users.col.lastSignIn')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.users.col.actions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.users.map((u) => (
                <TableRow key={u.id} data-username={u.username}>
                  <TableCell>
                    {u.displayName !== u.username ? (
                      <>
                        <bdi>{u.displayName}</bdi>
                        {' ('}
                        <bdi dir="ltr">{u.username}</bdi>)
                      </>
                    ) : (
                      <bdi dir="ltr">{u.username}</bdi>
                    )}
                  </TableCell>
                  <TableCell>{roleLabel(u.role)}</TableCell>
                  <TableCell>{u.twoFactorEnabled ? <Badge color="success">{t('admin.users.setUp')}</Badge> : <Badge color="warning">{t('admin.users.notSetUp')}</Badge>}</TableCell>
                  <TableCell>{u.methods.length ? formatList(u.methods.map(methodLabel)) : '—'}</TableCell>
                  <TableCell>{u.locked ? <Badge color="danger">{t('admin.users.lockedBadge')}</Badge> : t('admin.users.notLocked')}</TableCell>
                  <TableCell>{u.lastSignInAt ? when(u.lastSignInAt) : t('admin.users.never')}</TableCell>
                  <TableCell>
                    <div className={styles.row}>
                      {u.twoFactorEnabled ? (
                        <Button size="small" data-action="reset" onClick={() => setResetting(u)} aria-label={t('admin.users.resetFor', { username: u.username })}>
                          {t('admin.users.resetButton')}
                        </Button>
                      ) : null}
                      {u.locked ? (
                        <Button
                          size="small"
                          data-action="unlock"
                          onClick={() => act(() => session.admin.unlock(u.id), (x) => ({ title: { id: 'admin.users.unlocked.title', values: { name: x.displayName } }, body: { id: 'admin.users.unlocked.body' } }))}
                          aria-label={t('admin.users.unlockUser', { username: u.username })}
                        >
                          {t('admin.users.unlockButton')}
                        </Button>
                      ) : null}
                      <Button size="small" data-action="devices" onClick={() => setDevicesOf(u)} aria-label={t('admin.users.devicesOf', { username: u.username })}>
                        {t('admin.users.devicesButton')}
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          </div>
          <div className={styles.row}>
            <Text>{result.total === 0 ? t('admin.users.none') : showing(result.offset + 1, result.offset + result.users.length, result.total)}</Text>
            <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
              {t('admin.users.previous')}
            </Button>
            <Button disabled={offset + pageSize >= result.total} onClick={() => setOffset(offset + pageSize)}>
              {t('admin.users.next')}
            </Button>
          </div>
        </>
      ) : null}
      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(u) => {
          setCreating(false);
          setNotice({ intent: 'success', title: { id: 'admin.users.created.title', values: { username: u.username } }, body: { id: 'admin.users.created.body' } });
          void load();
        }}
      />
      <Dialog open={resetting !== null} onOpenChange={(_, d) => (!d.open ? setResetting(null) : undefined)}>
        <DialogSurface className={table.wrap}>
          <DialogBody>
            <DialogTitle>{t('admin.users.resetDialog.title')}</DialogTitle>
            <DialogContent>
              <Message id="admin.users.resetDialog.body" values={{ name: <bdi>{resetting?.displayName}</bdi> }} />
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setResetting(null)}>{t('admin.users.cancel')}</Button>
              <Button appearance="primary" data-action="confirm-reset" onClick={() => resetting && reset(resetting)}>
                {t('admin.users.resetDialog.confirm')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      <DevicesDialog user={devicesOf} onClose={() => setDevicesOf(null)} />
    </Card>
  );
}
