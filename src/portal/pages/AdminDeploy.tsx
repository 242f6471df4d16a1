/**
 * Admin → Deploy the Outlook add-in: the manifest this server makes from its
 * PUBLIC_URL (/manifest.xml, and the unified /manifest.json), and the steps for the Microsoft 365 admin center
 * and for sideloading. Nothing to call: the link is the server's own.
 */
import { Card, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { t } from '../../shared/i18n/runtime';
import { Message, useLocale } from '../../ui/i18n';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, overflowWrap: 'anywhere', minWidth: 0 },
  h2: { margin: 0 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  url: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', unicodeBidi: 'isolate' },
});

export const manifestPath = '/manifest.xml';
export const unifiedManifestPath = '/manifest.json';
export const appPackagePath = '/manifest.zip';

export function AdminDeploy() {
  const styles = useStyles();
  useLocale();
  const manifestUrl = `${window.location.origin}${manifestPath}`;
  const unifiedManifestUrl = `${window.location.origin}${unifiedManifestPath}`;
  // Addresses are data, not words: left-to-right in every language, never translated.
  const url = (href: string, text: string, download: string) => (
    <Link href={href} download={download} className={styles.url} dir="ltr" translate="no">
      {text}
    </Link>
  );
  return (
    <div className={styles.stack} data-testid="page-deploy">
      <Card className={styles.card}>
        <Text as="h2" size={500} weight="semibold" className={styles.h2}>
          {t('admin.deploy.heading')}
        </Text>
        <Text>{t('admin.deploy.intro')}</Text>
        <Text>
          <Message id="admin.deploy.manifest" values={{ link: url(manifestPath, manifestUrl, 'manifest.xml') }} />
        </Text>
        <Text>
          <Message
            id="admin.deploy.unified"
            values={{
              link: url(unifiedManifestPath, unifiedManifestUrl, 'manifest.json'),
              packageLink: url(appPackagePath, `${window.location.origin}${appPackagePath}`, 'cloudsync-outlook-app.zip'),
            }}
          />
        </Text>
        <Text>{t('admin.deploy.which')}</Text>
      </Card>
      <Card className={styles.card}>
        <Text as="h2" size={500} weight="semibold" className={styles.h2}>
          {t('admin.deploy.org.heading')}
        </Text>
        <ol className={styles.list}>
          <li>{t('admin.deploy.org.step1')}</li>
          <li>{t('admin.deploy.org.step2')}</li>
          <li>
            <Message
              id="admin.deploy.org.step3"
              values={{
                url: (
                  <span className={styles.url} dir="ltr" translate="no">
                    {manifestUrl}
                  </span>
                ),
              }}
            />
          </li>
          <li>{t('admin.deploy.org.step4')}</li>
          <li>{t('admin.deploy.org.step5')}</li>
          <li>{t('admin.deploy.org.step6')}</li>
        </ol>
      </Card>
      <Card className={styles.card}>
        <Text as="h2" size={500} weight="semibold" className={styles.h2}>
          {t('admin.deploy.one.heading')}
        </Text>
        <ol className={styles.list}>
          <li>{t('admin.deploy.one.step1')}</li>
          <li>
            <Message
              id="admin.deploy.one.step2"
              values={{
                link: (
                  <Link href="https://aka.ms/olksideload" target="_blank" rel="noreferrer" dir="ltr" translate="no">
                    aka.ms/olksideload
                  </Link>
                ),
              }}
            />
          </li>
          <li>{t('admin.deploy.one.step3')}</li>
        </ol>
      </Card>
    </div>
  );
}
