import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ErrorLike, UserMessage } from './errors';
import { messageFor } from './errors';

export interface ErrorMessageBarProps {
  error: ErrorLike | UserMessage | null;
  intent?: 'error' | 'warning' | 'info' | 'success';
  /** A recovery action, e.g. Try again. */
  action?: { label: string; onClick: () => void; disabled?: boolean };
  id?: string;
}

/** An error (or notice) announced to screen readers as it appears. */
export function ErrorMessageBar({ error, intent = 'error', action, id }: ErrorMessageBarProps) {
  if (!error) return null;
  const msg: UserMessage = 'title' in error ? error : messageFor(error);
  return (
    <MessageBar intent={intent} layout="multiline" role={intent === 'error' ? 'alert' : 'status'} id={id} data-testid="message-bar">
      <MessageBarBody>
        <MessageBarTitle>{msg.title}</MessageBarTitle> {msg.body}
      </MessageBarBody>
      {action ? (
        <MessageBarActions>
          <Button appearance="primary" size="small" onClick={action.onClick} disabled={action.disabled}>
            {action.label}
          </Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
