import { Field, Input } from '@fluentui/react-components';
import type { ChangeEvent, ClipboardEvent } from 'react';
import { t } from '../shared/i18n/runtime';

export type CodeKind = 'digits' | 'backup';

export interface CodeInputProps {
  value: string;
  onChange: (value: string) => void;
  kind?: CodeKind;
  /** Digits expected for 'digits' (6 for TOTP/SMS/email). */
  length?: number;
  label?: string;
  hint?: string;
  /** Validation message shown under the field (and announced). */
  error?: string | null;
  disabled?: boolean;
  autoFocus?: boolean;
  id?: string;
  /** Ids of the texts that say what to enter (the step's heading and intro), read with the field when it takes focus. */
  describedBy?: string;
}

/** Keeps what a person would mean: digits only for one-time codes; letters, digits and dashes for backup codes. */
export function cleanCode(raw: string, kind: CodeKind, length = 6): string {
  if (kind === 'digits') return raw.replace(/\D+/g, '').slice(0, length);
  return raw.toUpperCase().replace(/[^A-Z0-9-]+/g, '').slice(0, 64);
}

/**
 * The one code field: numeric keyboard on phones, one-time-code autofill,
 * paste-friendly ("123 456", "Your code: 123456"), labelled for screen readers.
 */
export function CodeInput({ value, onChange, kind = 'digits', length = 6, label, hint, error, disabled, autoFocus, id, describedBy }: CodeInputProps) {
  const digits = kind === 'digits';
  return (
    <Field
      label={label ?? (digits ? t('common.code.digitsLabel', { length }) : t('common.code.backupLabel'))}
      hint={hint}
      validationState={error ? 'error' : 'none'}
      validationMessage={error ?? undefined}
      required
    >
      <Input
        id={id}
        aria-describedby={describedBy}
        // Codes read left to right in every language (Arabic included).
        dir="ltr"
        value={value}
        disabled={disabled}
        autoFocus={autoFocus}
        inputMode={digits ? 'numeric' : 'text'}
        autoComplete="one-time-code"
        autoCapitalize={digits ? 'off' : 'characters'}
        autoCorrect="off"
        spellCheck={false}
        pattern={digits ? '[0-9]*' : undefined}
        maxLength={digits ? length + 8 : 64}
        name={digits ? 'one-time-code' : 'backup-code'}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(cleanCode(e.target.value, kind, length))}
        onPaste={(e: ClipboardEvent<HTMLInputElement>) => {
          const text = e.clipboardData.getData('text');
          if (text) {
            e.preventDefault();
            onChange(cleanCode(text, kind, length));
          }
        }}
      />
    </Field>
  );
}
