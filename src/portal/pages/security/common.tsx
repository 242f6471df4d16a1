/** What the Security page's sections share: layout styles, the notice bar, method and client names. */
import { makeStyles, tokens } from '@fluentui/react-components';
import type { MessageId } from '../../../shared/i18n/message-ids';
import { t } from '../../../shared/i18n/runtime';
import type { FactorKind } from '../../../shared/schemas';
import { ErrorMessageBar } from '../../../ui/ErrorMessageBar';
import type { UserMessage } from '../../../ui/errors';
import { asError } from '../../context';
import { say, shown, type Said } from '../../i18n';

export const useSectionStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '420px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  h2: { margin: 0 },
  h3: { margin: 0 },
  methods: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export type Notice = { intent: 'success' | 'error' | 'warning' | 'info'; message: UserMessage | ReturnType<typeof asError> | Said } | null;

export function Notice({ notice }: { notice: Notice }) {
  return notice ? <ErrorMessageBar error={shown(notice.message)} intent={notice.intent} /> : null;
}

const kindIds: Record<string, MessageId> = { totp: 'portal.methods.totp', sms: 'portal.methods.sms', email: 'portal.methods.email' };
/** A method's name in the active language ("Authenticator app"). */
export const kindLabel = (kind: string): string => (kindIds[kind] ? t(kindIds[kind]) : kind);
export const turnedOn: Record<FactorKind, Said> = {
  totp: say('portal.twoStep.turnedOn.totp.title', 'portal.twoStep.turnedOn.totp.body'),
  email: say('portal.twoStep.turnedOn.email.title', 'portal.twoStep.turnedOn.email.body'),
  sms: say('portal.twoStep.turnedOn.sms.title', 'portal.twoStep.turnedOn.sms.body'),
};

export type EnrollMode = { kind: 'enroll'; initialKind?: FactorKind; onlyKind?: FactorKind };
const clientIds: Record<string, MessageId> = { 'outlook-addin': 'portal.client.outlookAddin', web: 'portal.client.web', desktop: 'portal.client.desktop', mobile: 'portal.client.mobile' };
/** A client type's name in the active language ("Outlook add-in"); an unknown type as it is. */
export const clientLabel = (type: string | null | undefined): string => (!type ? t('portal.client.unknown') : clientIds[type] ? t(clientIds[type]) : type);
