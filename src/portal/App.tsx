/**
 * The portal shell: sign-in when signed out; otherwise the header (name
 * top-right → Account Settings, Sign out), Account Settings → Security, and
 * for admins Admin → Settings → Policies, Users, Audit.
 *
 * When the session ends (idle/absolute limit, credentials changed), the
 * sign-in form covers the page while the page stays mounted underneath:
 * whatever was typed is still there after signing in again as the same user.
 */
import {
  Avatar,
  Button,
  FluentProvider,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Spinner,
  Tab,
  TabList,
  Text,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MessageId } from '../shared/i18n/message-ids';
import { currentDirection, t } from '../shared/i18n/runtime';
import type { MeResponse, UserSummary } from '../shared/schemas';
import { useLocale } from '../ui/i18n';
import { usableMethods } from './components/SecondFactorFields';
import { StepUpDialog } from './components/StepUpDialog';
import { PortalContext, type PortalContextValue } from './context';
import { SignIn } from './pages/SignIn';
import { ChooseNewPassword } from './pages/ChooseNewPassword';
import { Security } from './pages/Security';
import { href, navigate, useRoute, type Route } from './router';
import type { PortalSession } from './session';
import { usePrefersDark } from './color-scheme';
import { say, type Said } from './i18n';
import { applySavedLocale } from './locale';

// Admin pages load only for admins (and only when opened).
const AdminPolicies = lazy(() => import(/* webpackChunkName: "portal-admin" */ './pages/AdminPolicies.js').then((m) => ({ default: m.AdminPolicies })));
const AdminUsers = lazy(() => import(/* webpackChunkName: "portal-admin" */ './pages/AdminUsers.js').then((m) => ({ default: m.AdminUsers })));
const AdminAudit = lazy(() => import(/* webpackChunkName: "portal-admin" */ './pages/AdminAudit.js').then((m) => ({ default: m.AdminAudit })));
const AdminDeploy = lazy(() => import(/* webpackChunkName: "portal-admin" */ './pages/AdminDeploy.js').then((m) => ({ default: m.AdminDeploy })));

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1, marginInlineEnd: 'auto' },
  main: { maxWidth: '1100px', margin: '0 auto', padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  h1: { margin: 0, outline: 'none' },
  nav: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  // Four admin tabs in a longer language do not fit a phone's width: they wrap onto a second row.
  tabs: { flexWrap: 'wrap', minWidth: 0 },
  // On a phone the account button shows the avatar only (its label still names the user).
  accountName: { '@media (max-width: 480px)': { display: 'none' } },
});

const expiredMessage = (code: string): Said =>
  code === 'credentials_changed'
    ? say('portal.app.credentialsChanged.title', 'portal.app.credentialsChanged.body')
    : say('portal.app.expired.title', 'portal.app.expired.body');

const titles: Record<Route, MessageId> = {
  security: 'portal.title.security',
  'admin/policies': 'portal.title.adminPolicies',
  'admin/users': 'portal.title.adminUsers',
  'admin/audit': 'portal.title.adminAudit',
  'admin/deploy': 'portal.title.adminDeploy',
};

export function App({ session }: { session: PortalSession }) {
  const styles = useStyles();
  // The whole portal renders again when the language changes (the picker, or the saved choice after /me).
  const locale = useLocale();
  const dir = currentDirection();
  const dark = usePrefersDark();
  const theme = dark ? webDarkTheme : webLightTheme;
  const scheme = dark ? 'dark' : 'light';
  const route = useRoute();
  const [user, setUser] = useState<UserSummary | null>(session.user);
  const [me, setMe] = useState<MeResponse | null>(null);
  const [expired, setExpired] = useState<{ code: string; user: UserSummary | null } | null>(null);
  const [notice, setNotice] = useState<Said | null>(null);
  const [generation, setGeneration] = useState(0);
  const [stepUpOpen, setStepUpOpen] = useState(false);
  const stepUpResolve = useRef<((ok: boolean) => void) | null>(null);
  const userRef = useRef(user);
  userRef.current = user;

  const refreshMe = useCallback(async () => {
    try {
      const next = await session.api.me();
      setMe(next);
      // The user's saved language (Account Settings → Language); null: the browser's.
      void applySavedLocale(next.locale);
      return next;
    } catch {
      return null; // an ended session is reported through the session's events
    }
  }, [session]);

  useEffect(
    () =>
      session.subscribe((event) => {
        if (event.kind === 'expired') {
          stepUpResolve.current?.(false);
          stepUpResolve.current = null;
          setStepUpOpen(false);
          setExpired({ code: event.code, user: event.user });
        } else if (event.kind === 'signed-out') {
          setExpired(null);
          setUser(null);
          setMe(null);
          setNotice(say('portal.app.signedOut'));
          setGeneration((g) => g + 1);
        } else {
          const same = userRef.current?.id === event.user.id;
          setExpired(null);
          setNotice(null);
          setUser(event.user);
          if (!same) {
            setMe(null);
            setGeneration((g) => g + 1);
          }
          void refreshMe();
        }
      }),
    [session, refreshMe],
  );

  useEffect(() => {
    if (session.user) void refreshMe();
  }, [session, refreshMe]);

  useEffect(() => {
    document.title = t(user && !expired ? titles[route] : 'portal.title.signIn');
  }, [route, user, expired, locale]);

  const withStepUp = useCallback<PortalContextValue['withStepUp']>(async (action) => {
    try {
      return await action();
    } catch (error) {
      if ((error as { code?: string }).code !== 'step_up_required') throw error;
      const ok = await new Promise<boolean>((resolve) => {
        stepUpResolve.current = resolve;
        setStepUpOpen(true);
      });
      if (!ok) return undefined;
      return await action();
    }
  }, []);

  const context = useMemo<PortalContextValue | null>(() => (me ? { session, me, refreshMe, withStepUp } : null), [session, me, refreshMe, withStepUp]);

  const signIn = (initialUsername?: string, message?: Said | null) => (
    <SignIn key={`sign-in-${generation}`} session={session} notice={message} initialUsername={initialUsername} onSignedIn={(grant) => session.start(grant)} />
  );

  if (!user) {
    return (
      <FluentProvider theme={theme} dir={dir} className={styles.root} data-theme={scheme}>
        {signIn(undefined, notice)}
      </FluentProvider>
    );
  }

  // A generated first password: a new one before anything else (the API refuses the rest until then).
  const mustChangePassword = me?.passwordChangeRequired === true;
  const isAdmin = user.role === 'admin' && !mustChangePassword;
  const adminRoute = route.startsWith('admin/');
  const shown: Route = adminRoute && !isAdmin ? 'security' : route;

  let page: React.ReactNode;
  switch (shown) {
    case 'admin/policies':
      page = <AdminPolicies />;
      break;
    case 'admin/users':
      page = <AdminUsers />;
      break;
    case 'admin/audit':
      page = <AdminAudit />;
      break;
    case 'admin/deploy':
      page = <AdminDeploy />;
      break;
    default:
      page = <Security />;
  }
  if (mustChangePassword) page = <ChooseNewPassword />;

  return (
    <FluentProvider theme={theme} dir={dir} className={styles.root} data-theme={scheme}>
      {expired ? signIn(expired.user?.username, expiredMessage(expired.code)) : null}
      <div hidden={expired !== null} key={`app-${generation}`}>
        <header className={styles.header} data-print-hide>
          <Text className={styles.brand}>{t('common.product')}</Text>
          <nav aria-label={t('portal.app.navLabel')} className={styles.nav}>
            {mustChangePassword ? null : (
              <Button as="a" appearance={shown === 'security' ? 'primary' : 'subtle'} href={href('security')}>
                {t('portal.app.accountSettings')}
              </Button>
            )}
            {isAdmin ? (
              <Button as="a" appearance={adminRoute ? 'primary' : 'subtle'} href={href('admin/policies')}>
                {t('portal.app.admin')}
              </Button>
            ) : null}
          </nav>
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button appearance="subtle" icon={<Avatar name={user.displayName} size={24} aria-hidden />} aria-label={t('portal.app.accountMenu', { name: user.displayName })}>
                <span className={styles.accountName}>{user.displayName}</span>
              </Button>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                <MenuItem onClick={() => navigate('security')}>{t('portal.app.accountSettings')}</MenuItem>
                <MenuItem onClick={() => void session.signOut()}>{t('portal.app.signOut')}</MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
        </header>
        <main className={styles.main}>
          {mustChangePassword ? (
            <Text as="h1" size={700} weight="semibold" className={styles.h1}>
              {t('portal.app.welcome')}
            </Text>
          ) : shown === 'security' ? (
            <>
              <Text as="h1" size={700} weight="semibold" className={styles.h1}>
                {t('portal.app.accountSettings')}
              </Text>
              <TabList selectedValue="security" aria-label={t('portal.app.accountSettings')}>
                <Tab value="security">{t('portal.app.securityTab')}</Tab>
              </TabList>
            </>
          ) : (
            <>
              <Text as="h1" size={700} weight="semibold" className={styles.h1}>
                {t('portal.app.admin')}
              </Text>
              <TabList className={styles.tabs} selectedValue={shown} onTabSelect={(_, d) => navigate(d.value as Route)} aria-label={t('portal.app.admin')}>
                <Tab value="admin/policies">{t('portal.app.adminPoliciesTab')}</Tab>
                <Tab value="admin/users">{t('portal.app.adminUsersTab')}</Tab>
                <Tab value="admin/audit">{t('portal.app.adminAuditTab')}</Tab>
                <Tab value="admin/deploy">{t('portal.app.adminDeployTab')}</Tab>
              </TabList>
            </>
          )}
          {context ? (
            <PortalContext.Provider value={context}>
              <Suspense fallback={<Spinner label={t('portal.app.loading')} />}>{page}</Suspense>
              <StepUpDialog
                open={stepUpOpen && !expired}
                api={session.api}
                needsCode={context.me.factors.length > 0}
                passkeyOnly={context.me.twoFactorEnabled && context.me.factors.length === 0}
                hasBackupCodes={context.me.backupCodesLeft > 0}
                {...usableMethods(context.me)}
                onDone={(ok) => {
                  setStepUpOpen(false);
                  stepUpResolve.current?.(ok);
                  stepUpResolve.current = null;
                }}
              />
            </PortalContext.Provider>
          ) : (
            <Spinner label={t('portal.app.loadingAccount')} />
          )}
        </main>
      </div>
    </FluentProvider>
  );
}
