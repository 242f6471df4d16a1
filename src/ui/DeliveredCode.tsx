/**
 * "Send code by text" / "Send code by email": the send button, where the code
 * went (masked: "•••• 2211", "a•••@example.com"), and a resend button with a
 * visible cooldown. The code field itself stays the page's (CodeInput). The
 * page passes `onSend`, which calls the API client (never fetch here).
 */
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorMessageBar } from './ErrorMessageBar';
import type { ErrorLike } from './errors';
import { Message } from './i18n';
import { t } from '../shared/i18n/runtime';

export type DeliveredKind = 'sms' | 'email';

export interface DeliveredCodeProps {
  kind: DeliveredKind;
  /** As the API gives it: "•••• 2211", "a•••@example.com". */
  maskedDestination?: string;
  /** Sends a code; resolves with the server's cooldown; rejects with an ApiError-like (rate_limited + retryAfter). */
  onSend: () => Promise<{ resendAfterSeconds: number; codeValidSeconds?: number }>;
  /** A code already went out (enrollment start sends one): show "sent" and start the cooldown. */
  sentOnMount?: { resendAfterSeconds: number; codeValidSeconds?: number };
  /** Say that SMS is the least safe method (set-up screens). */
  showSmsWarning?: boolean;
  disabled?: boolean;
  /** Clock for tests. */
  now?: () => number;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function sendLabel(kind: DeliveredKind): string {
  return kind === 'sms' ? t('common.delivered.send.sms') : t('common.delivered.send.email');
}

export function DeliveredCode({ kind, maskedDestination, onSend, sentOnMount, showSmsWarning, disabled, now = Date.now }: DeliveredCodeProps) {
  const styles = useStyles();
  const [sent, setSent] = useState(!!sentOnMount);
  const [validMinutes, setValidMinutes] = useState(Math.round((sentOnMount?.codeValidSeconds ?? 600) / 60));
  const [until, setUntil] = useState(sentOnMount ? now() + sentOnMount.resendAfterSeconds * 1000 : 0);
  const [left, setLeft] = useState(sentOnMount?.resendAfterSeconds ?? 0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorLike | null>(null);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);

  useEffect(() => {
    const tick = () => setLeft(Math.max(0, Math.ceil((until - now()) / 1000)));
    tick();
    if (until <= now()) return;
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [until, now]);

  const send = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await onSend();
      if (!mounted.current) return;
      setSent(true);
      if (answer.codeValidSeconds) setValidMinutes(Math.round(answer.codeValidSeconds / 60));
      setUntil(now() + answer.resendAfterSeconds * 1000);
    } catch (e) {
      if (!mounted.current) return;
      const err = e as ErrorLike & { problem?: { detail?: string } };
      setError({ code: err.code ?? 'internal_error', message: err.problem?.detail ?? err.message, retryAfter: err.retryAfter ?? (err as { problem?: { retryAfter?: number } }).problem?.retryAfter });
      const retryAfter = err.retryAfter ?? (err as { problem?: { retryAfter?: number } }).problem?.retryAfter;
      if (err.code === 'rate_limited' && retryAfter) setUntil(now() + retryAfter * 1000);
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, [onSend, now]);

  const where = maskedDestination ? (
    <strong><bdi dir="ltr">{maskedDestination}</bdi></strong>
  ) : (
    <strong>{kind === 'sms' ? t('common.delivered.yourPhone') : t('common.delivered.yourEmail')}</strong>
  );
  const cooling = left > 0;
  return (
    <div className={styles.root} data-testid={`delivered-code-${kind}`}>
      {showSmsWarning && kind === 'sms' ? (
        <Text className={styles.muted}>{t('common.delivered.smsWarning')}</Text>
      ) : null}
      {sent ? (
        <Text role="status" aria-live="polite">
          <Message id={kind === 'sms' ? 'common.delivered.sent.sms' : 'common.delivered.sent.email'} values={{ where, minutes: validMinutes }} />
        </Text>
      ) : (
        <Text>
          <Message id={kind === 'sms' ? 'common.delivered.canSend.sms' : 'common.delivered.canSend.email'} values={{ where }} />
        </Text>
      )}
      <Button appearance={sent ? 'secondary' : 'primary'} onClick={() => void send()} disabled={disabled || busy || cooling} aria-describedby={cooling ? `resend-wait-${kind}` : undefined}>
        {sent ? t('common.delivered.resend') : sendLabel(kind)}
      </Button>
      {cooling ? (
        <Text id={`resend-wait-${kind}`} className={styles.muted} aria-live="off">
          {t('common.delivered.wait', { seconds: left })}
        </Text>
      ) : null}
      {error ? <ErrorMessageBar error={error} intent={error.code === 'rate_limited' ? 'warning' : 'error'} /> : null}
    </div>
  );
}
