/**
 * Waiting for "Approve with a passkey in your browser": the number to pick on the approval page, and the
 * link (opened in the system browser, or to copy where Outlook cannot open one). Loaded only when used.
 */
import { Button, Field, Input, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { Gate } from '../gate/gate';
import type { GateView } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';

const useStyles = makeStyles({
  number: {
    fontSize: tokens.fontSizeHero900,
    lineHeight: tokens.lineHeightHero900,
    fontWeight: tokens.fontWeightSemibold,
    letterSpacing: '0.1em',
    textAlign: 'center',
    padding: tokens.spacingVerticalM,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

export function ApprovalView({ view, gate }: { view: Extract<GateView, { kind: 'approve' }>; gate: Gate }) {
  const styles = useLayoutStyles();
  const own = useStyles();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(view.url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <>
      <ViewHeading>Approve in your browser</ViewHeading>
      <Text>
        {view.opened
          ? 'Your browser opened the AXIS CloudSync approval page. Sign in there with your passkey and choose this number:'
          : 'Open this link in your browser, sign in there with your passkey, and choose this number:'}
      </Text>
      <div className={own.number} data-testid="approval-number" aria-label={`Number to choose: ${view.number}`}>
        {view.number}
      </div>
      {view.opened ? null : (
        <Field label="Approval link (works once, for two minutes)">
          <Input readOnly value={view.url} onFocus={(e) => e.currentTarget.select()} data-testid="approval-link" />
        </Field>
      )}
      <div className={styles.row}>
        {view.opened ? null : (
          <Button appearance="primary" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy link'}
          </Button>
        )}
        <Button onClick={() => gate.cancelApproval()}>{view.passkeyOnly ? 'Cancel' : 'Enter a code instead'}</Button>
      </div>
      {view.unreachable ? (
        <ErrorMessageBar intent="warning" error={{ title: 'Can’t reach CloudSync, retrying', body: 'Check your connection. The pane keeps trying while the request is valid; an approval given meanwhile still counts.' }} />
      ) : null}
      <Spinner size="small" label="Waiting for your approval…" labelPosition="after" />
      {view.accountHint ? <Text className={styles.muted}>Account: {view.accountHint}</Text> : null}
    </>
  );
}
