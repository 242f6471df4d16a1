// Components shared by the task pane and the portal. Import the heavy ones
// (BackupCodesPanel, TotpSetupPanel) from their own modules so a page can
// lazy-load them.
export { CodeInput, cleanCode } from './CodeInput';
export type { CodeInputProps, CodeKind } from './CodeInput';
export { ErrorMessageBar } from './ErrorMessageBar';
export { messageFor, formatWait } from './errors';
export type { ErrorLike, UserMessage } from './errors';
export { DeliveredCode, sendLabel } from './DeliveredCode';
export type { DeliveredCodeProps, DeliveredKind } from './DeliveredCode';
