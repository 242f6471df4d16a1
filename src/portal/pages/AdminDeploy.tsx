/**
 * Admin → Deploy the Outlook add-in: the manifest this server makes from its
 * PUBLIC_URL (/manifest.xml, and the unified /manifest.json), and the steps for the Microsoft 365 admin center
 * and for sideloading. Nothing to call: the link is the server's own.
 */
import { Card, Link, makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  h2: { margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  url: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

export const manifestPath = '/manifest.xml';
export const unifiedManifestPath = '/manifest.json';
export const appPackagePath = '/manifest.zip';

export function AdminDeploy() {
  const styles = useStyles();
  const manifestUrl = `${window.location.origin}${manifestPath}`;
  const unifiedManifestUrl = `${window.location.origin}${unifiedManifestPath}`;
  return (
    <div className={styles.stack}>
      <Card className={styles.card}>
        <Text as="h2" size={500} weight="semibold" className={styles.h2}>
          Deploy the Outlook add-in
        </Text>
        <Text>
          This server makes the add-in&apos;s manifest for its own address. Every link in it points at this server, so there is
          nothing to build or edit.
        </Text>
        <Text>
          Manifest:{' '}
          <Link href={manifestPath} download="manifest.xml" className={styles.url}>
            {manifestUrl}
          </Link>
        </Text>
        <Text>
          Unified manifest (Outlook on the web, new Outlook, Microsoft 365 on Windows):{' '}
          <Link href={unifiedManifestPath} download="manifest.json" className={styles.url}>
            {unifiedManifestUrl}
          </Link>
          {', as an app package to upload: '}
          <Link href={appPackagePath} download="cloudsync-outlook-app.zip" className={styles.url}>
            {`${window.location.origin}${appPackagePath}`}
          </Link>
        </Text>
        <Text>
          Use the XML manifest where Outlook on Mac or Office 2016, 2019 or 2021 must get the add-in, and for sideloading in classic
          Outlook; the unified manifest reaches Outlook on the web, new Outlook and Microsoft 365 on Windows.
        </Text>
      </Card>
      <Card className={styles.card}>
        <Text as="h2" size={500} weight="semibold" className={styles.h2}>
          For your organization (Microsoft 365 admin center)
        </Text>
        <ol className={styles.list}>
          <li>Sign in to the Microsoft 365 admin center as a Global or Exchange administrator.</li>
          <li>Go to Settings → Integrated apps → Upload custom apps.</li>
          <li>
            Choose the app type Office Add-in, then either upload the manifest file you downloaded above or provide the link{' '}
            <span className={styles.url}>{manifestUrl}</span>.
          </li>
          <li>
            Or, for Outlook on the web, new Outlook and Microsoft 365 on Windows only, upload the app package (.zip) with the unified
            manifest instead. Upload one of the two, not both: they are the same add-in.
          </li>
          <li>Choose who gets it (just you, the entire organization, or specific users and groups), accept the permissions, and deploy.</li>
          <li>The add-in appears in Outlook on the web, new Outlook, classic Outlook on Windows and Outlook on Mac within hours (up to 24); users may need to restart Outlook.</li>
        </ol>
      </Card>
      <Card className={styles.card}>
        <Text as="h2" size={500} weight="semibold" className={styles.h2}>
          For one mailbox (sideloading, for a trial)
        </Text>
        <ol className={styles.list}>
          <li>Download the manifest above.</li>
          <li>
            In Outlook on the web or new Outlook, open{' '}
            <Link href="https://aka.ms/olksideload" target="_blank" rel="noreferrer">
              aka.ms/olksideload
            </Link>
            , choose My add-ins → Custom Addins → Add a custom add-in → Add from File, and select it.
          </li>
          <li>The add-in is then available in every Outlook signed in to that mailbox.</li>
        </ol>
      </Card>
    </div>
  );
}
