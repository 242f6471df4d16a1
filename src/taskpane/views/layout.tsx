import { Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';
import { t } from '../../shared/i18n/runtime';
import { staticStyles } from '../../ui/static-styles';

// Plain CSS (see staticStyles): the first screen's script carries no style compiler.
export const useLayoutStyles = staticStyles('layout', {
  page: [
    `display:flex;flex-direction:column;gap:${tokens.spacingVerticalM}`,
    `padding:${tokens.spacingVerticalL} ${tokens.spacingHorizontalL};min-height:100vh;box-sizing:border-box`,
    `background-color:${tokens.colorNeutralBackground1};color:${tokens.colorNeutralForeground1}`,
    // Long words (German compounds, long email addresses) wrap instead of widening a narrow pane.
    'overflow-wrap:anywhere',
  ].join(';'),
  // On Text, which sets its own font weight: the weight is Text's prop.
  brand: `color:${tokens.colorBrandForeground1}`,
  form: `display:flex;flex-direction:column;gap:${tokens.spacingVerticalM}`,
  row: `display:flex;gap:${tokens.spacingHorizontalS};flex-wrap:wrap;align-items:center`,
  heading: 'margin:0;outline:none',
  muted: `color:${tokens.colorNeutralForeground3}`,
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
      <Text size={200} weight="semibold" className={styles.brand}>
        {t('common.product')}
      </Text>
      {children}
    </main>
  );
}
