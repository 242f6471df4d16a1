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
import type { UserMessage } from '../../ui/errors';
import { asError, dateTime, endsSession, usePortal } from '../context';
import { useSectionStyles } from './Security';

const pageSize = 25;
type Notice = { intent: 'success' | 'error'; message: UserMessage | ReturnType<typeof asError> } | null;

function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (user: AdminUser) => void }) {
  const styles = useSectionStyles();
  const { session } = usePortal();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [error, setError] = useState<ReturnType<typeof asError> | null>(null);
  const [busy, setBusy] = useState(false);

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
      <DialogSurface>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>Create a user</DialogTitle>
            <DialogContent className={styles.form}>
              <ErrorMessageBar error={error} />
              <Field label="Username (usually the email address)" required>
                <Input value={username} autoComplete="off" onChange={(_, d) => setUsername(d.value)} />
              </Field>
              <Field label="Display name">
                <Input value={displayName} autoComplete="off" onChange={(_, d) => setDisplayName(d.value)} />
              </Field>
              <Field label="Temporary password" hint="At least 12 characters. Give it to the user another way." required>
                <Input type="password" autoComplete="new-password" value={password} onChange={(_, d) => setPassword(d.value)} />
              </Field>
              <Field label="Role">
                <Select value={role} onChange={(_, d) => setRole(d.value as Role)}>
                  <option value="user">User</option>
                  <option value="admin">Administrator</option>
                </Select>
              </Field>
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={busy || !username || !password}>
                Create user
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
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Devices of {user?.displayName}</DialogTitle>
          <DialogContent>
            <ErrorMessageBar error={error} />
            {registrations?.length === 0 ? <Text>No registered devices.</Text> : null}
            {registrations && registrations.length > 0 ? (
              <Table aria-label="Registered devices" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Device</TableHeaderCell>
                    <TableHeaderCell>Mailbox</TableHeaderCell>
                    <TableHeaderCell>Last seen</TableHeaderCell>
                    <TableHeaderCell>
                      <span className="visually-hidden">Actions</span>
                    </TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {registrations.map((r) => (
                    <TableRow key={r.id}>
                      <TableCell>
                        {r.label} ({r.clientType})
                      </TableCell>
                      <TableCell>{r.mailboxHint ?? '—'}</TableCell>
                      <TableCell>{dateTime(r.lastSeenAt)}</TableCell>
                      <TableCell>
                        <Button
                          size="small"
                          aria-label={`Revoke ${r.label}`}
                          onClick={async () => {
                            try {
                              await session.admin.revokeRegistration(user!.id, r.id);
                              await load();
                            } catch (e) {
                              if (!endsSession(e)) setError(asError(e));
                            }
                          }}
                        >
                          Revoke
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

export function AdminUsers() {
  const styles = useSectionStyles();
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

  const act = async (action: () => Promise<AdminUser | undefined>, done: (u: AdminUser) => UserMessage) => {
    setNotice(null);
    try {
      const user = await action();
      // The list is current before the confirmation shows, so the row already says what the message says.
      await load();
      if (user) setNotice({ intent: 'success', message: done(user) });
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    }
  };

  const reset = async (user: AdminUser) => {
    setResetting(null);
    await act(
      () => withStepUp(() => session.admin.resetTwoFactor(user.id)),
      (u) => ({ title: `Two-step authentication reset for ${u.displayName}.`, body: 'Their sessions and devices were signed out. They set up two-step authentication again at their next sign-in when your organization requires it.' }),
    );
  };

  return (
    <Card className={styles.card} data-testid="page-users">
      <Text as="h2" size={500} weight="semibold" className={styles.h2}>
        Users
      </Text>
      {notice ? <ErrorMessageBar error={notice.message} intent={notice.intent} /> : null}
      <form className={styles.row} onSubmit={search} role="search">
        <Field label="Search users">
          <Input value={q} onChange={(_, d) => setQ(d.value)} placeholder="Name, username or email" />
        </Field>
        <Field label="Two-step status">
          <Select value={status} onChange={(_, d) => setStatus(d.value as AdminUserStatus)}>
            <option value="all">All users</option>
            <option value="enrolled">Set up</option>
            <option value="not_enrolled">Not set up</option>
            <option value="locked">Locked</option>
          </Select>
        </Field>
        <Button type="submit">Search</Button>
        <Button appearance="primary" type="button" onClick={() => setCreating(true)}>
          Create user
        </Button>
      </form>
      {result ? (
        <>
          <Table aria-label="Users" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>User</TableHeaderCell>
                <TableHeaderCell>Role</TableHeaderCell>
                <TableHeaderCell>Two-step</TableHeaderCell>
                <TableHeaderCell>Methods</TableHeaderCell>
                <TableHeaderCell>Locked</TableHeaderCell>
                <TableHeaderCell>Last sign-in</TableHeaderCell>
                <TableHeaderCell>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.users.map((u) => (
                <TableRow key={u.id} data-username={u.username}>
                  <TableCell>
                    {u.displayName}
                    {u.displayName !== u.username ? ` (${u.username})` : ''}
                  </TableCell>
                  <TableCell>{u.role === 'admin' ? 'Administrator' : 'User'}</TableCell>
                  <TableCell>{u.twoFactorEnabled ? <Badge color="success">Set up</Badge> : <Badge color="warning">Not set up</Badge>}</TableCell>
                  <TableCell>{u.methods.length ? u.methods.map((m) => (m === 'totp' ? 'Authenticator app' : m.toUpperCase())).join(', ') : '—'}</TableCell>
                  <TableCell>{u.locked ? <Badge color="danger">Locked</Badge> : 'No'}</TableCell>
                  <TableCell>{dateTime(u.lastSignInAt)}</TableCell>
                  <TableCell>
                    <div className={styles.row}>
                      {u.twoFactorEnabled ? (
                        <Button size="small" onClick={() => setResetting(u)} aria-label={`Reset 2FA for ${u.username}`}>
                          Reset 2FA
                        </Button>
                      ) : null}
                      {u.locked ? (
                        <Button size="small" onClick={() => act(() => session.admin.unlock(u.id), (x) => ({ title: `${x.displayName} is unlocked.`, body: 'They can sign in with a code again.' }))} aria-label={`Unlock ${u.username}`}>
                          Unlock
                        </Button>
                      ) : null}
                      <Button size="small" onClick={() => setDevicesOf(u)} aria-label={`Devices of ${u.username}`}>
                        Devices
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className={styles.row}>
            <Text>
              {result.total === 0 ? 'No users found.' : `Showing ${result.offset + 1}–${result.offset + result.users.length} of ${result.total}`}
            </Text>
            <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
              Previous
            </Button>
            <Button disabled={offset + pageSize >= result.total} onClick={() => setOffset(offset + pageSize)}>
              Next
            </Button>
          </div>
        </>
      ) : null}
      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(u) => {
          setCreating(false);
          setNotice({ intent: 'success', message: { title: `${u.username} was created.`, body: 'Give them their temporary password another way.' } });
          void load();
        }}
      />
      <Dialog open={resetting !== null} onOpenChange={(_, d) => (!d.open ? setResetting(null) : undefined)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Reset two-step authentication?</DialogTitle>
            <DialogContent>
              {resetting?.displayName}&apos;s authenticator app and backup codes will stop working, and every session and device of theirs (the Outlook add-in included) is signed out.
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setResetting(null)}>Cancel</Button>
              <Button appearance="primary" onClick={() => resetting && reset(resetting)}>
                Reset
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      <DevicesDialog user={devicesOf} onClose={() => setDevicesOf(null)} />
    </Card>
  );
}
