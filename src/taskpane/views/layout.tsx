import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';
import { t } from '../../shared/i18n/runtime';

export const useLayoutStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    minHeight: '100vh',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    // Long words (German compounds, long email addresses) wrap instead of widening a narrow pane.
    overflowWrap: 'anywhere',
  },
  brand: { color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  heading: { margin: 0, outline: 'none' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * A view's heading; it takes focus when the view appears so screen readers announce the new step (views whose
 * first field takes focus instead pass focus=false and point the field's aria-describedby at the heading's id).
 */
export function ViewHeading({ children, focus = true, id }: { children: ReactNode; focus?: boolean; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const styles = useLayoutStyles();
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <Text as="h1" size={600} weight="semibold" className={styles.heading} ref={ref} tabIndex={-1} id={id} data-testid="view-heading">
      {children}
    </Text>
  );
}

export function Page({ children, view }: { children: ReactNode; view: string }) {
  const styles = useLayoutStyles();
  return (
    <main className={styles.page} data-view={view} aria-busy={view === 'starting'}>
      <Text size={200} className={styles.brand}>
        {t('common.product')}
      </Text>
      {children}
    </main>
  );
}
