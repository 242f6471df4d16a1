/**
 * Admin → Deploy the Outlook add-in: the manifest this server makes from its
 * PUBLIC_URL (/manifest.xml), and the steps for the Microsoft 365 admin center
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

export function AdminDeploy() {
  const styles = useStyles();
  const manifestUrl = `${window.location.origin}${manifestPath}`;
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
