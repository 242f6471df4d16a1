/**
 * Baseline for `npm run bench:taskpane`: the smallest Fluent v9 code prompt
 * (React + one Field/Input/Button), built with the same webpack settings as
 * the task pane.
 */
import { Button, Field, FluentProvider, Input, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';

function Minimal() {
  return (
    <FluentProvider theme={webLightTheme}>
      <main style={{ padding: 16, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Field label="6-digit code">
          <Input inputMode="numeric" autoComplete="one-time-code" />
        </Field>
        <Button appearance="primary">Verify</Button>
      </main>
    </FluentProvider>
  );
}

const container = document.getElementById('root');
if (container) createRoot(container).render(<Minimal />);
