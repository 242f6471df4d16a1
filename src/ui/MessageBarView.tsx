/** Fluent's MessageBar for ErrorMessageBar: its own chunk (MessageBar and its motion code are ≈ 3 KB gzip). */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { MessageViewProps } from './ErrorMessageBar';

export function MessageBarView({ message, intent, action, id }: MessageViewProps) {
  return (
    <MessageBar intent={intent} layout="multiline" role={intent === 'error' ? 'alert' : 'status'} id={id} data-testid="message-bar">
      <MessageBarBody>
        <MessageBarTitle>{message.title}</MessageBarTitle> {message.body}
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
export default MessageBarView;
