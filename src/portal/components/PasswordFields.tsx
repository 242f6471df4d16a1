/** The current / new / repeat password fields of every password change form (Account Settings, first sign-in). */
import { Field, Input } from '@fluentui/react-components';
import { t } from '../../shared/i18n/runtime';

export interface PasswordFieldsProps {
  currentLabel: string;
  current: string;
  next: string;
  repeat: string;
  onCurrent: (value: string) => void;
  onNext: (value: string) => void;
  onRepeat: (value: string) => void;
}

export function PasswordFields({ currentLabel, current, next, repeat, onCurrent, onNext, onRepeat }: PasswordFieldsProps) {
  const mismatch = repeat.length > 0 && next !== repeat;
  return (
    <>
      <Field label={currentLabel} required>
        <Input type="password" autoComplete="current-password" value={current} onChange={(_, d) => onCurrent(d.value)} />
      </Field>
      <Field label={t('portal.password.new')} hint={t('portal.password.newHint')} required>
        <Input type="password" autoComplete="new-password" value={next} onChange={(_, d) => onNext(d.value)} />
      </Field>
      <Field label={t('portal.password.repeat')} required validationState={mismatch ? 'error' : 'none'} validationMessage={mismatch ? t('portal.password.mismatch') : undefined}>
        <Input type="password" autoComplete="new-password" value={repeat} onChange={(_, d) => onRepeat(d.value)} />
      </Field>
    </>
  );
}
