/**
 * An error (or notice) announced to screen readers as it appears. Fluent's
 * MessageBar loads in a chunk of its own, fetched once the first screen is up
 * (preloadMessageBar); should a message come sooner, the same words, role and
 * action show in a plain box until it arrives, so nothing is lost or delayed.
 */
import { Button, tokens } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import type { ErrorLike, UserMessage } from './errors';
import { messageFor } from './errors';
import { staticStyles } from './static-styles';

export type MessageIntent = 'error' | 'warning' | 'info' | 'success';

export interface ErrorMessageBarProps {
  error: ErrorLike | UserMessage | null;
  intent?: MessageIntent;
  /** A recovery action, e.g. Try again. */
  action?: { label: string; onClick: () => void; disabled?: boolean };
  id?: string;
}

export interface MessageViewProps {
  message: UserMessage;
  intent: MessageIntent;
  action?: ErrorMessageBarProps['action'];
  id?: string;
}

const loadView = () => import(/* webpackChunkName: "message-bar" */ './MessageBarView.js').then((m) => ({ default: m.MessageBarView }));
const MessageBarView = lazy(loadView);

/** Fetches the MessageBar chunk ahead of need (call once the first screen is shown). */
export function preloadMessageBar(): void {
  loadView().catch(() => undefined);
}

// Plain CSS (see staticStyles): on the first screen.
const useStyles = staticStyles('message', {
  plain: [
    `display:flex;flex-wrap:wrap;align-items:center;gap:${tokens.spacingHorizontalS}`,
    `padding:${tokens.spacingVerticalS} ${tokens.spacingHorizontalM};border-radius:${tokens.borderRadiusMedium}`,
    `border:${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1};background-color:${tokens.colorNeutralBackground3}`,
  ].join(';'),
});

function PlainMessage({ message, intent, action, id }: MessageViewProps) {
  const styles = useStyles();
  return (
    <div className={styles.plain} role={intent === 'error' ? 'alert' : 'status'} id={id} data-testid="message-bar">
      <span>
        <strong>{message.title}</strong> {message.body}
      </span>
      {action ? (
        <Button appearance="primary" size="small" onClick={action.onClick} disabled={action.disabled}>
          {action.label}
        </Button>
      ) : null}
    </div>
  );
}

export function ErrorMessageBar({ error, intent = 'error', action, id }: ErrorMessageBarProps) {
  if (!error) return null;
  const props: MessageViewProps = { message: 'title' in error ? error : messageFor(error), intent, action, id };
  return (
    <Suspense fallback={<PlainMessage {...props} />}>
      <MessageBarView {...props} />
    </Suspense>
  );
}
