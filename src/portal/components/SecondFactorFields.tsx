/** The second-factor part of a form: a code from the authenticator app, or a backup code. */
import { Link } from '@fluentui/react-components';
import { CodeInput } from '../../ui/CodeInput';
import type { VerifyMethod } from '../../shared/schemas';

export interface SecondFactorValue {
  method: Extract<VerifyMethod, 'totp' | 'backup_code'>;
  code: string;
}

export function SecondFactorFields({
  value,
  onChange,
  allowBackup = true,
  autoFocus,
  idPrefix,
}: {
  value: SecondFactorValue;
  onChange: (value: SecondFactorValue) => void;
  allowBackup?: boolean;
  autoFocus?: boolean;
  idPrefix: string;
}) {
  const backup = value.method === 'backup_code';
  return (
    <>
      <CodeInput
        id={`${idPrefix}-code`}
        kind={backup ? 'backup' : 'digits'}
        label={backup ? 'Backup code' : 'Code from your authenticator app'}
        hint={backup ? 'Each backup code works once.' : 'The 6-digit code in Google Authenticator, Microsoft Authenticator or Authy.'}
        value={value.code}
        autoFocus={autoFocus}
        onChange={(code) => onChange({ ...value, code })}
      />
      {allowBackup || backup ? (
        <Link as="button" type="button" onClick={() => onChange({ method: backup ? 'totp' : 'backup_code', code: '' })}>
          {backup ? 'Use a code from my authenticator app' : 'Use a backup code instead'}
        </Link>
      ) : null}
    </>
  );
}
