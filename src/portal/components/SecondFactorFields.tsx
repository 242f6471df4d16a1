/**
 * The second-factor part of a form: a code from the authenticator app, a code
 * sent by email or text (DeliveredCode: send, where it went, resend with a
 * cooldown), or a backup code. Offered in the server's order: app, email,
 * text, backup code — SMS is never the first choice.
 */
import { Link } from '@fluentui/react-components';
import { t } from '../../shared/i18n/runtime';
import type { DeliveredKind, FactorInfo, MeResponse, SendCodeResponse, VerifyMethod } from '../../shared/schemas';
import { CodeInput } from '../../ui/CodeInput';
import { DeliveredCode } from '../../ui/DeliveredCode';

export interface SecondFactorValue {
  method: VerifyMethod;
  code: string;
  /** The SMS/email factor the code was sent to. */
  factorId?: string;
}

export interface DeliveredOption {
  method: DeliveredKind;
  factorId?: string;
  maskedDestination?: string;
}

/** The user's usable methods (kinds the org allows), app first, then email, then text. */
export function usableMethods(me: Pick<MeResponse, 'factors' | 'policy'>): { hasApp: boolean; delivered: DeliveredOption[] } {
  const allowed = me.factors.filter((f: FactorInfo) => me.policy.allowedMethods.includes(f.kind));
  const order: Record<string, number> = { email: 0, sms: 1 };
  const delivered = allowed
    .filter((f): f is FactorInfo & { kind: DeliveredKind } => f.kind === 'sms' || f.kind === 'email')
    .sort((a, b) => order[a.kind]! - order[b.kind]!)
    .map((f) => ({ method: f.kind, factorId: f.id, ...(f.maskedDestination ? { maskedDestination: f.maskedDestination } : {}) }));
  return { hasApp: allowed.some((f) => f.kind === 'totp'), delivered };
}

/** What the form starts with: the app if there is one, else email, else text, else a backup code. */
export function initialSecondFactor(methods: { hasApp: boolean; delivered: DeliveredOption[] }): SecondFactorValue {
  if (methods.hasApp) return { method: 'totp', code: '' };
  const first = methods.delivered[0];
  if (first) return { method: first.method, code: '', ...(first.factorId ? { factorId: first.factorId } : {}) };
  return { method: 'backup_code', code: '' };
}

export function SecondFactorFields({
  value,
  onChange,
  allowBackup = true,
  autoFocus,
  idPrefix,
  hasApp = true,
  delivered = [],
  onSend,
}: {
  value: SecondFactorValue;
  onChange: (value: SecondFactorValue) => void;
  allowBackup?: boolean;
  autoFocus?: boolean;
  idPrefix: string;
  /** Whether the user has an authenticator app (default true). */
  hasApp?: boolean;
  /** The user's SMS/email methods; needs onSend. */
  delivered?: DeliveredOption[];
  /** Sends a code to one of them (through the API client). */
  onSend?: (option: DeliveredOption) => Promise<SendCodeResponse>;
}) {
  const backup = value.method === 'backup_code';
  const current = value.method === 'sms' || value.method === 'email' ? delivered.find((o) => o.method === value.method && (!value.factorId || o.factorId === value.factorId)) : undefined;
  const choose = (next: SecondFactorValue) => onChange({ ...next, code: '' });

  let field: React.ReactNode;
  if (current && onSend) {
    field = (
      <>
        <DeliveredCode key={current.factorId ?? current.method} kind={current.method} maskedDestination={current.maskedDestination} onSend={() => onSend(current)} />
        <CodeInput id={`${idPrefix}-code`} label={t('portal.code.fromMessage')} value={value.code} autoFocus={autoFocus} onChange={(code) => onChange({ ...value, code })} />
      </>
    );
  } else {
    field = (
      <CodeInput
        id={`${idPrefix}-code`}
        kind={backup ? 'backup' : 'digits'}
        label={backup ? t('portal.code.backup') : t('portal.code.fromApp')}
        hint={backup ? t('portal.code.backupHint') : t('portal.code.fromAppHint')}
        value={value.code}
        autoFocus={autoFocus}
        onChange={(code) => onChange({ ...value, code })}
      />
    );
  }

  const others = onSend ? delivered.filter((o) => o !== current) : [];
  const appLink = hasApp && value.method !== 'totp';
  return (
    <>
      {field}
      {appLink ? (
        <Link as="button" type="button" onClick={() => choose({ method: 'totp', code: '' })}>
          {t('portal.code.useApp')}
        </Link>
      ) : null}
      {others.map((o) => (
        <Link key={o.factorId ?? o.method} as="button" type="button" onClick={() => choose({ method: o.method, code: '', ...(o.factorId ? { factorId: o.factorId } : {}) })}>
          {t('portal.code.sendInstead', { method: o.method })}
        </Link>
      ))}
      {allowBackup && !backup ? (
        <Link as="button" type="button" onClick={() => choose({ method: 'backup_code', code: '' })}>
          {t('portal.code.useBackup')}
        </Link>
      ) : null}
    </>
  );
}
