/** The approval page on its own (no portal session, no header): loaded only for #/approve/<id>. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { useMemo } from 'react';
import { ApiClient } from '../shared/api-client';
import { currentDirection, currentLocale } from '../shared/i18n/runtime';
import { useLocale } from '../ui/i18n';
import { Approve } from './pages/Approve';

export function ApproveRoot({ requestId }: { requestId: string }) {
  useLocale(); // renders again in a new language
  const api = useMemo(() => new ApiClient({ language: currentLocale }), []);
  return (
    <FluentProvider theme={webLightTheme} dir={currentDirection()}>
      <Approve api={api} requestId={requestId} />
    </FluentProvider>
  );
}
