/**
 * Class names backed by one plain stylesheet, inserted at first use. For the
 * few styles of the pane's first screen: with Griffel's makeStyles the first
 * script would carry its style compiler (stylis, rtl-css-js), which Fluent's
 * own components (precompiled) do without, and run it on the first render.
 * Values are Fluent's tokens (CSS variables), which FluentProvider sets
 * (light and dark theme alike); keep the properties
 * direction-neutral (no left/right: nothing flips them in Arabic), and off
 * the properties the styled Fluent component sets itself (the order of the
 * two stylesheets would decide).
 */
export function staticStyles<K extends string>(name: string, rules: Record<K, string>): () => Record<K, string> {
  const classes = Object.fromEntries(Object.keys(rules).map((k) => [k, `axis-${name}-${k}`])) as Record<K, string>;
  let inserted = false;
  return () => {
    if (!inserted && typeof document !== 'undefined') {
      inserted = true;
      const style = document.createElement('style');
      style.dataset.staticStyles = name;
      style.textContent = (Object.keys(rules) as K[]).map((k) => `.${classes[k]}{${rules[k]}}`).join('\n');
      document.head.appendChild(style);
    }
    return classes;
  };
}
