/** @jest-environment jsdom */
/**
 * The task pane's code prompt with SMS/email methods, and the "no method
 * left" view, rendered against a real Gate over the fake auth server.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useSyncExternalStore } from 'react';
import { Gate } from '../../src/taskpane/gate/gate';
import type { DeviceRegistration, StoredSession } from '../../src/taskpane/gate/types';
import { CodeView } from '../../src/taskpane/views/CodeView';
import { NoMethodView } from '../../src/taskpane/views/NoMethodView';
import { t } from '../../src/shared/i18n/runtime';

const ADDIN_MAILBOX_MESSAGE = t('pane.unavailable.mailbox.body');
import { FakeAuthServer, FakeClock, FakeDeviceKeys, MemoryRoaming, MemoryStore } from './gate-fakes';

function Pane({ gate }: { gate: Gate }) {
  const view = useSyncExternalStore((cb) => gate.subscribe(cb), () => gate.view);
  const help = { supportPhone: '1-866-232-2211', supportUrl: '/support.html' };
  if (view.kind === 'code') return <CodeView view={view} gate={gate} {...help} />;
  if (view.kind === 'no-method') return <NoMethodView view={view} gate={gate} {...help} />;
  return <div data-testid="other-view">{view.kind}</div>;
}

async function setUp(configure: (server: FakeAuthServer) => void) {
  const clock = new FakeClock();
  const server = new FakeAuthServer(clock);
  configure(server);
  const gate = new Gate({
    api: server,
    device: new MemoryStore<DeviceRegistration>(),
    keys: new FakeDeviceKeys(),
    session: new MemoryStore<StoredSession>(),
    roaming: new MemoryRoaming(),
    clock,
    mailbox: () => 'ada@contoso.com',
    client: { label: 'Outlook on the web', host: 'OutlookWebApp', platform: 'OfficeOnline' },
  });
  await gate.start();
  await gate.submitPassword('ada', 'correct horse');
  render(
    <FluentProvider theme={webLightTheme}>
      <Pane gate={gate} />
    </FluentProvider>,
  );
  return { server, gate };
}

const email = { method: 'email' as const, factorId: 'fe', maskedDestination: 'a•••@example.net' };
const sms = { method: 'sms' as const, factorId: 'fs', maskedDestination: '•••• 2211' };

test('email first (no app): send, cooldown, masked destination; switch to text; the mailbox rule is explained', async () => {
  const { server } = await setUp((s) => {
    s.methods = [sms, email, { method: 'backup_code' }];
    s.unavailable = [{ method: 'email', factorId: 'fx', maskedDestination: 'a•••@contoso.com', reason: 'addin_mailbox', detail: 'server sentence' }];
  });
  expect(screen.getByText(ADDIN_MAILBOX_MESSAGE)).toBeTruthy();
  expect(await screen.findByText('a•••@example.net')).toBeTruthy(); // the delivered-code part loads on demand
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Send code by email' }));
  });
  expect(server.sendRequests[0]!.body).toEqual({ method: 'email', factorId: 'fe', mailbox: 'ada@contoso.com' });
  expect((screen.getByRole('button', { name: 'Resend code' }) as HTMLButtonElement).disabled).toBe(true);
  expect(screen.getByText(/You can ask for a new code in 30 s/)).toBeTruthy();
  expect(screen.getByLabelText(/Code from the message/)).toBeTruthy();
  // Other methods are offered as links; no authenticator-app link for a user without one.
  expect(screen.queryByRole('button', { name: 'Use your authenticator app instead' })).toBeNull();
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Send code by text instead' }));
  });
  expect(await screen.findByText('•••• 2211')).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Send code by text' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Send code by email instead' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Use a backup code instead' })).toBeTruthy();
});

test('no method left: explains, points to the administrator and "Lost your device?", no code field', async () => {
  await setUp((s) => {
    s.methods = [];
    s.unavailable = [{ method: 'email', factorId: 'fx', maskedDestination: 'a•••@contoso.com', reason: 'addin_mailbox', detail: 'server sentence' }];
  });
  expect(screen.getByRole('heading', { name: 'No way to get a code here' })).toBeTruthy();
  expect(screen.getByText(ADDIN_MAILBOX_MESSAGE)).toBeTruthy();
  expect(screen.getByTestId('no-method-help').textContent).toContain('administrator');
  expect(screen.getByRole('button', { name: 'Lost your device?' })).toBeTruthy();
  expect(screen.queryByRole('textbox')).toBeNull();
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Back to sign-in' }));
  });
  expect(screen.getByTestId('other-view').textContent).toBe('sign-in');
});
