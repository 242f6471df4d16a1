/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { DeliveredCode } from '../../src/ui/DeliveredCode';

let time = 1_000_000;
const now = () => time;

beforeEach(() => {
  jest.useFakeTimers();
  time = 1_000_000;
});
afterEach(() => jest.useRealTimers());

const renderIt = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

test('send, then a resend button that waits out the cooldown, with the masked destination', async () => {
  const onSend = jest.fn().mockResolvedValue({ resendAfterSeconds: 30, codeValidSeconds: 600 });
  renderIt(<DeliveredCode kind="email" maskedDestination="a•••@example.com" onSend={onSend} now={now} />);
  expect(screen.getByText(/send a 6-digit code by email to/)).toBeTruthy();
  expect(screen.getByText('a•••@example.com')).toBeTruthy();
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Send code by email' }));
  });
  expect(onSend).toHaveBeenCalledTimes(1);
  expect(screen.getByRole('status').textContent).toMatch(/We sent a 6-digit code by email to a•••@example.com\. It works once and expires in 10 minutes/);
  const resend = screen.getByRole('button', { name: 'Resend code' }) as HTMLButtonElement;
  expect(resend.disabled).toBe(true);
  expect(screen.getByText('You can ask for a new code in 30 s.')).toBeTruthy();
  await act(async () => {
    time += 12_000;
    jest.advanceTimersByTime(1_000);
  });
  expect(screen.getByText('You can ask for a new code in 18 s.')).toBeTruthy();
  await act(async () => {
    time += 18_000;
    jest.advanceTimersByTime(1_000);
  });
  expect((screen.getByRole('button', { name: 'Resend code' }) as HTMLButtonElement).disabled).toBe(false);
  expect(screen.queryByText(/You can ask for a new code/)).toBeNull();
});

test('a 429 from the server shows why and starts the cooldown it names', async () => {
  const error = Object.assign(new Error('Too many codes were sent.'), { code: 'rate_limited', problem: { detail: 'Too many codes were sent.', retryAfter: 12 } });
  const onSend = jest.fn().mockRejectedValue(error);
  renderIt(<DeliveredCode kind="sms" maskedDestination="•••• 2211" onSend={onSend} now={now} />);
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Send code by text' }));
  });
  expect(screen.getByText('Too many attempts')).toBeTruthy();
  expect((screen.getByRole('button', { name: 'Send code by text' }) as HTMLButtonElement).disabled).toBe(true);
  expect(screen.getByText('You can ask for a new code in 12 s.')).toBeTruthy();
});

test('set-up screens: already sent on mount, and SMS says it is the least safe choice', () => {
  renderIt(<DeliveredCode kind="sms" maskedDestination="•••• 3456" onSend={jest.fn()} sentOnMount={{ resendAfterSeconds: 30, codeValidSeconds: 600 }} showSmsWarning now={now} />);
  expect(screen.getByText(/least safe choice/)).toBeTruthy();
  expect(screen.getByRole('status').textContent).toMatch(/by text to •••• 3456/);
  expect((screen.getByRole('button', { name: 'Resend code' }) as HTMLButtonElement).disabled).toBe(true);
});
