/**
 * Browser test: a person signs in to the web portal with an email code. The
 * real bundle in headless Chromium, the real server, a real SMTP server on
 * loopback: the code is read from the email the server sent.
 */
import type { Browser } from 'playwright-core';
import { ensureWebBuild } from '../helpers/build';
import { launchChromium } from '../helpers/browser';
import { nextCodeEmail, startDeliveryServer, type DeliveryTestServer } from '../helpers/delivery';
import { createOrg, createUser } from '../helpers/server';

let server: DeliveryTestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuild();
  server = await startDeliveryServer();
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('sign in to the portal with an email code read from the SMTP server', async () => {
  const user = await createUser(server, await createOrg(server));
  // The user set up email codes earlier (through the API).
  const api = server.client();
  const first = await api.signInWithPassword({ username: user.username, password: user.password });
  api.setToken(first.session!.token);
  await api.stepUp({ password: user.password });
  const started = await api.startEmailEnrollment({});
  await api.confirmEnrollment({ factorId: started.factorId, code: await nextCodeEmail(server.smtp, user.username, 0) });
  server.clock.advance(31_000);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/portal`);
  const form = page.getByTestId('sign-in-password');
  await form.getByLabel('Username').fill(user.username);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();

  const codeStep = page.getByTestId('sign-in-code');
  await codeStep.getByRole('button', { name: 'Send code by email' }).waitFor();
  await codeStep.getByText(`${user.username[0]}•••@example.com`).first().waitFor();
  const since = server.smtp.to(user.username).length;
  await codeStep.getByRole('button', { name: 'Send code by email' }).click();
  await codeStep.getByText(/We sent a 6-digit code by email/).waitFor();
  // The resend button waits out the cooldown, and says so.
  expect(await codeStep.getByRole('button', { name: 'Resend code' }).isDisabled()).toBe(true);
  await codeStep.getByText(/You can ask for a new code in \d+ s\./).waitFor();

  const code = await nextCodeEmail(server.smtp, user.username, since);
  await codeStep.getByLabel('Code from the message').fill(code);
  await codeStep.getByRole('button', { name: 'Verify' }).click();
  await page.getByTestId('sign-in-code').waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  expect(await page.getByTestId('sign-in-password').count()).toBe(0);
  await context.close();
});
