/** What the Security page's sections share: layout styles, the notice bar, method and client names. */
import { makeStyles, tokens } from '@fluentui/react-components';
import type { FactorKind } from '../../../shared/schemas';
import { ErrorMessageBar } from '../../../ui/ErrorMessageBar';
import type { UserMessage } from '../../../ui/errors';
import { asError } from '../../context';

export const useSectionStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '420px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  h2: { margin: 0 },
  h3: { margin: 0 },
  methods: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export type Notice = { intent: 'success' | 'error' | 'warning' | 'info'; message: UserMessage | ReturnType<typeof asError> } | null;

export function Notice({ notice }: { notice: Notice }) {
  return notice ? <ErrorMessageBar error={notice.message} intent={notice.intent} /> : null;
}

export const kindLabel: Record<string, string> = { totp: 'Authenticator app', sms: 'Text message (SMS)', email: 'Email' };
export const turnedOn: Record<FactorKind, UserMessage> = {
  totp: { title: 'Your authenticator app is on.', body: 'Codes from an earlier app no longer work.' },
  email: { title: 'Email codes are on.', body: 'An earlier email address, if you had one, no longer gets codes.' },
  sms: { title: 'Text message codes are on.', body: 'An earlier number, if you had one, no longer gets codes. An authenticator app is safer; add one when you can.' },
};

export type EnrollMode = { kind: 'enroll'; initialKind?: FactorKind; onlyKind?: FactorKind };
export const clientLabel: Record<string, string> = { 'outlook-addin': 'Outlook add-in', web: 'Web portal', desktop: 'Desktop sync client', mobile: 'Mobile app' };
