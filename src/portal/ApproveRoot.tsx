/** The approval page on its own (no portal session, no header): loaded only for #/approve/<id>. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { ApiClient } from '../shared/api-client';
import { Approve } from './pages/Approve';

export function ApproveRoot({ requestId }: { requestId: string }) {
  return (
    <FluentProvider theme={webLightTheme}>
      <Approve api={new ApiClient()} requestId={requestId} />
    </FluentProvider>
  );
}
