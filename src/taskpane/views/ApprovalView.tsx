/**
 * Waiting for "Approve with a passkey in your browser": the number to pick on the approval page, and the
 * link (opened in the system browser, or to copy where Outlook cannot open one). Loaded only when used.
 */
import { Button, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Spinner } from '../../ui/LazySpinner';
import { useState } from 'react';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { t } from '../../shared/i18n/runtime';
import type { Gate } from '../gate/gate';
import type { GateView } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';
import { Message } from '../../ui/i18n';

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
      <ViewHeading>{t('pane.approve.title')}</ViewHeading>
      <Text>
        {view.opened
          ? t('pane.approve.opened')
          : t('pane.approve.openLink')}
      </Text>
      <div className={own.number} data-testid="approval-number" aria-label={t('pane.approve.numberLabel', { number: view.number })}>
        {view.number}
      </div>
      {view.opened ? null : (
        <Field label={t('pane.approve.linkLabel')}>
          <Input readOnly value={view.url} onFocus={(e) => e.currentTarget.select()} data-testid="approval-link" dir="ltr" />
        </Field>
      )}
      <div className={styles.row}>
        {view.opened ? null : (
          <Button appearance="primary" onClick={() => void copy()}>
            {copied ? t('pane.approve.copied') : t('pane.approve.copyLink')}
          </Button>
        )}
        <Button onClick={() => gate.cancelApproval()}>{view.passkeyOnly ? t('pane.approve.cancel') : t('pane.approve.codeInstead')}</Button>
      </div>
      {view.unreachable ? (
        <ErrorMessageBar intent="warning" error={{ title: t('pane.approve.unreachable.title'), body: t('pane.approve.unreachable.body') }} />
      ) : null}
      <Spinner size="small" label={t('pane.approve.waiting')} labelPosition="after" />
      {view.accountHint ? <Text className={styles.muted}><Message id="pane.account" values={{ account: <bdi dir="ltr">{view.accountHint}</bdi> }} /></Text> : null}
    </>
  );
}
