import { Button, FluentProvider, Text } from '@fluentui/react-components';
import { Spinner } from '../ui/LazySpinner';
import { darkThemeLoaded, loadDarkTheme, themeFor } from './themes';
import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../shared/api-client';
import { ErrorMessageBar } from '../ui/ErrorMessageBar';
import { useLocale } from '../ui/i18n';
import { currentDirection, t } from '../shared/i18n/runtime';
import type { PaneConfig } from './config';
import type { Gate } from './gate/gate';
import { CodeView } from './views/CodeView';
import { Page, ViewHeading } from './views/layout';

// Loaded on demand: enrollment (QR, backup codes) and the signed-in view.
const EnrollView = lazy(() => import(/* webpackChunkName: "enroll" */ './views/EnrollView.js').then((m) => ({ default: m.EnrollView })));
const BackupCodesView = lazy(() =>
  import(/* webpackChunkName: "enroll" */ './views/EnrollView.js').then((m) => ({ default: m.BackupCodesView })),
);
// Loaded when the user chooses "Approve with a passkey in your browser".
const ApprovalView = lazy(() => import(/* webpackChunkName: "approval" */ './views/ApprovalView.js').then((m) => ({ default: m.ApprovalView })));
// The password form: a device's first use and after credentials change (a registered device opens on the code prompt).
const SignInView = lazy(() => import(/* webpackChunkName: "sign-in" */ './views/SignInView.js').then((m) => ({ default: m.SignInView })));
// Rare: every method the user has is refused here.
const NoMethodView = lazy(() => import(/* webpackChunkName: "no-method" */ './views/NoMethodView.js').then((m) => ({ default: m.NoMethodView })));
const SignedInView = lazy(() =>
  import(/* webpackChunkName: "signed-in" */ './views/SignedInView.js').then((m) => ({ default: m.SignedInView })),
);

export interface ThemeSource {
  theme(): { isDark: boolean } | null;
  onThemeChanged(listener: (t: { isDark: boolean }) => void): () => void;
}

export interface AppProps {
  gate: Gate;
  cloudsync: ApiClient;
  config: PaneConfig;
  themes: ThemeSource;
  mailbox: string | null;
}

function useDark(themes: ThemeSource): boolean {
  const [dark, setDark] = useState(() => themes.theme()?.isDark ?? false);
  const [, themeArrived] = useState(0);
  useEffect(() => themes.onThemeChanged((t) => setDark(t.isDark)), [themes]);
  useEffect(() => {
    if (dark && !darkThemeLoaded()) void loadDarkTheme().then(() => themeArrived((n) => n + 1), () => undefined);
  }, [dark]);
  return dark;
}

export function Shell({ dark, children }: { dark: boolean; children: React.ReactNode }) {
  return (
    <FluentProvider theme={themeFor(dark)} data-theme={dark ? 'dark' : 'light'} dir={currentDirection()}>
      {children}
    </FluentProvider>
  );
}

export function App({ gate, cloudsync, config, themes, mailbox }: AppProps) {
  const view = useSyncExternalStore(
    (cb) => gate.subscribe(cb),
    () => gate.view,
  );
  const dark = useDark(themes);
  useLocale();
  const help = { supportPhone: config.supportPhone, supportUrl: config.supportUrl };
  const loading = <Spinner label={t('pane.loading')} />;

  let body: React.ReactNode;
  switch (view.kind) {
    case 'starting':
      body = <Spinner label={t('pane.checking')} />;
      break;
    case 'no-mailbox':
      body = (
        <>
          <ViewHeading>{t('pane.openFromOutlook.title')}</ViewHeading>
          <Text>{t('pane.noMailbox.body')}</Text>
        </>
      );
      break;
    case 'sign-in':
      body = <SignInView key={view.reason} view={view} gate={gate} mailbox={mailbox} {...help} />;
      break;
    case 'code':
      body = <CodeView view={view} gate={gate} {...help} />;
      break;
    case 'approve':
      body = <ApprovalView view={view} gate={gate} />;
      break;
    case 'no-method':
      body = <NoMethodView view={view} gate={gate} {...help} />;
      break;
    case 'enroll':
      body = <EnrollView view={view} gate={gate} />;
      break;
    case 'backup-codes':
      body = <BackupCodesView view={view} gate={gate} />;
      break;
    case 'signed-in':
      body = <SignedInView view={view} gate={gate} cloudsync={cloudsync} />;
      break;
    case 'signed-out':
      body = (
        <>
          <ViewHeading>{t('pane.signedOut.title')}</ViewHeading>
          <Text>{t('pane.signedOut.body')}</Text>
          <div>
            <Button appearance="primary" onClick={() => void gate.start()}>
              {t('pane.signIn.button')}
            </Button>
          </div>
        </>
      );
      break;
    case 'unreachable':
      body = (
        <>
          <ViewHeading>{t('pane.unreachable.title')}</ViewHeading>
          <ErrorMessageBar
            error={view.error}
            action={{ label: view.busy ? t('pane.trying') : t('common.action.tryAgain'), onClick: () => void gate.retry(), disabled: view.busy }}
          />
        </>
      );
      break;
  }
  return (
    <Shell dark={dark}>
      <Page view={view.kind}>
        <Suspense fallback={loading}>{body}</Suspense>
      </Page>
    </Shell>
  );
}
