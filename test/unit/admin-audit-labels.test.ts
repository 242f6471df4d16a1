/**
 * Every kind of event the server writes to the audit log has a human name on
 * Admin → Audit, in every language: a new `audit.record({ event: '…' })`
 * without a label fails here (it would show as "Other event").
 */
import fs from 'node:fs';
import path from 'node:path';
import { activateForTest } from '../helpers/i18n';
import { auditEventIds, auditEventLabel, clientLabel, formatList, methodLabel, outcomeLabel, showing } from '../../src/portal/pages/admin/labels';
import { locales } from '../../src/shared/i18n/locales';
import { t } from '../../src/shared/i18n/runtime';

const servicesDir = path.join(__dirname, '..', '..', 'src', 'server');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The event names the server's code writes: literal `event: 'x.y'` and `'x.y'` passed as an event, plus the `${purpose}.…` families. */
function recordedEvents(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(servicesDir)) {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\bevent(?::|\s*=)\s*'([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]!);
    // Events chosen by a condition or passed on: `reason === 'x' ? 'approval.denied' : …`, fail(reason, 'passkey.counter_regression'), requireStepUp(…, 'admin.policy_changed', …).
    for (const m of source.matchAll(/(?:\? |: |fail\([^,]+, |requireStepUp\(auth, ctx, )'([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]!);
    // account.ts proves identity for a purpose: step_up and password_change, each failing at the password or the second factor.
    if (source.includes('event: `${purpose}.password`')) {
      for (const m of source.matchAll(/proveIdentity\([^)]*'([a-z_]+)'/g)) {
        found.add(`${m[1]}.password`);
        found.add(`${m[1]}.second_factor`);
      }
    }
  }
  // Column names (backup_codes.used_at), file names (taskpane.html) and message ids (common.product) look alike: they are not events.
  return [...found].filter((e) => !/^backup_codes\.(used_at|user_id)$|^(common|server)\.|\.(html|json|xml|zip|js|css|png|svg)$/.test(e)).sort();
}

afterEach(() => activateForTest('en'));

test('every audit event the server records has its own label', () => {
  const events = recordedEvents();
  // The scan finds the families it should (a broken scan would pass vacuously).
  expect(events).toEqual(expect.arrayContaining(['admin.two_factor_reset', 'session.created', 'approval.denied', 'step_up.password', 'password_change.second_factor', 'passkey.counter_regression', 'backup_code.used']));
  expect(events.filter((e) => !(e in auditEventIds))).toEqual([]);
});

test.each(locales)('%s: event names, outcomes, clients and methods are words of the language, never the raw keys', (locale) => {
  activateForTest(locale);
  for (const [event, id] of Object.entries(auditEventIds)) {
    const label = auditEventLabel(event);
    expect(label).not.toBe(id);
    expect(label).not.toContain(event);
  }
  expect(auditEventLabel('future.kind')).toBe(t('admin.audit.event.other'));
  for (const outcome of ['success', 'failure', 'info']) expect(outcomeLabel(outcome)).not.toMatch(/^admin\./);
  for (const client of ['outlook-addin', 'web', 'desktop', 'mobile']) expect(clientLabel(client)).not.toMatch(/^admin\./);
  for (const method of ['totp', 'sms', 'email', 'passkey']) expect(methodLabel(method)).not.toMatch(/^admin\./);
});

test('counts and lists follow the language: German groups thousands with a dot, Arabic joins a list its own way', () => {
  activateForTest('de');
  expect(showing(1, 25, 1234)).toBe('1–25 von 1.234');
  activateForTest('ar');
  expect(formatList(['أ', 'ب'])).not.toBe('أ, ب');
  activateForTest('en');
  expect(showing(26, 50, 1234)).toBe('Showing 26–50 of 1,234');
  expect(formatList([methodLabel('totp'), methodLabel('email')])).toBe('Authenticator app, Email');
});
