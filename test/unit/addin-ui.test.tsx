/** @jest-environment jsdom */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { BackupCodesPanel } from '../../src/ui/BackupCodesPanel';
import { CodeInput, cleanCode } from '../../src/ui/CodeInput';
import { messageFor } from '../../src/ui/errors';
import { groupKey } from '../../src/ui/TotpSetupPanel';

function Controlled({ kind }: { kind: 'digits' | 'backup' }) {
  const [v, setV] = useState('');
  return <CodeInput kind={kind} value={v} onChange={setV} />;
}
const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

describe('shared UI', () => {
  it('cleanCode keeps digits for one-time codes and code characters for backup codes', () => {
    expect(cleanCode('Your code: 123 456', 'digits')).toBe('123456');
    expect(cleanCode('12345678', 'digits')).toBe('123456');
    expect(cleanCode(' abcd-efgh jkmn ', 'backup')).toBe('ABCD-EFGHJKMN');
  });

  it('CodeInput: labelled, numeric keyboard, one-time-code autofill, cleans typed input', () => {
    wrap(<Controlled kind="digits" />);
    const input = screen.getByLabelText(/6-digit code/) as HTMLInputElement;
    expect(input.getAttribute('inputmode')).toBe('numeric');
    expect(input.getAttribute('autocomplete')).toBe('one-time-code');
    fireEvent.change(input, { target: { value: '12 34-56' } });
    expect(input.value).toBe('123456');
  });

  it('BackupCodesPanel: Continue only after "I saved my backup codes"', () => {
    const onContinue = jest.fn();
    wrap(<BackupCodesPanel codes={['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF']} onContinue={onContinue} />);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF']);
    const cont = screen.getByRole('button', { name: 'Continue' });
    fireEvent.click(cont);
    expect(onContinue).not.toHaveBeenCalled();
    act(() => {
      fireEvent.click(screen.getByLabelText('I saved my backup codes'));
    });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onContinue).toHaveBeenCalledTimes(1);
  });

  it('groups the manual key and explains errors with what to do', () => {
    expect(groupKey('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(messageFor({ code: 'invalid_code', retryAfter: 300 }).body).toContain('Try again in 5 minutes');
    expect(messageFor({ code: 'network_error' }).body).toContain('Try again');
    expect(messageFor({ code: 'rate_limited', retryAfter: 30 }).body).toContain('30 seconds');
  });
});
