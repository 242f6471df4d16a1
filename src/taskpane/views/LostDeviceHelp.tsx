import { Button } from '@fluentui/react-components';
import { Spinner } from '../../ui/LazySpinner';
import { lazy, Suspense, useId, useState } from 'react';
import { t } from '../../shared/i18n/runtime';

const LostDeviceList = lazy(() => import(/* webpackChunkName: "lost-device" */ './LostDeviceList.js').then((m) => ({ default: m.LostDeviceList })));

export interface LostDeviceHelpProps {
  supportPhone: string;
  supportUrl: string;
  /** Switches the code prompt to backup codes, when offered. */
  onUseBackupCode?: () => void;
}

/** "Lost your device?": backup code, administrator, or AXIS CloudSync support. */
export function LostDeviceHelp(props: LostDeviceHelpProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div>
      <Button appearance="transparent" size="small" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {t('pane.lost.toggle')}
      </Button>
      {open ? (
        <Suspense fallback={<Spinner size="tiny" />}>
          <LostDeviceList id={id} {...props} />
        </Suspense>
      ) : null}
    </div>
  );
}
