/**
 * Fluent's Spinner without its weight in the first script: the task pane's
 * first screen only spins when the server is slow or after a click, so the
 * Spinner's chunk is fetched once the screen is up (preloadSpinner) and, until
 * it arrives, the same label shows as plain text with the same role.
 */
import type { SpinnerProps } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';

const loadSpinner = () => import(/* webpackChunkName: "spinner" */ './FluentSpinner.js').then((m) => ({ default: m.FluentSpinner }));
const FluentSpinner = lazy(loadSpinner);

export function preloadSpinner(): void {
  void loadSpinner().catch(() => undefined);
}

export function Spinner(props: SpinnerProps) {
  const label = typeof props.label === 'string' ? props.label : undefined;
  return (
    <Suspense fallback={<span role="progressbar" aria-label={label}>{label}</span>}>
      <FluentSpinner {...props} />
    </Suspense>
  );
}
