// A catalog section imported with `?pseudo` (webpack only): the pseudo-locale's compiled messages.
declare module '*.json?pseudo' {
  const messages: import('@lingui/core').Messages;
  export default messages;
}
