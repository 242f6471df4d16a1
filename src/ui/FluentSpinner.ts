// Fluent's Spinner, in its own chunk: the first screen rarely spins (see LazySpinner).
// From its own package: through the react-components barrel (which the first script loads) it would stay in the first script.
export { Spinner as FluentSpinner } from '@fluentui/react-spinner';
