/**
 * Account Settings → Security: Two-Step Authentication (enable, methods,
 * backup codes, change method, turn off — each behind a step-up), passkeys, password,
 * and devices and sessions. One component per section, in ./security/.
 */
import { DevicesSection } from './security/DevicesSection';
import { LanguageSection } from './security/LanguageSection';
import { PasskeysSection } from './security/PasskeysSection';
import { PasswordSection } from './security/PasswordSection';
import { TwoStepSection } from './security/TwoStepSection';
import { useSectionStyles } from './security/common';

export { useSectionStyles };

export function Security() {
  const styles = useSectionStyles();
  return (
    <div className={styles.stack} data-testid="page-security">
      <TwoStepSection />
      <PasskeysSection />
      <PasswordSection />
      <DevicesSection />
      <LanguageSection />
    </div>
  );
}
