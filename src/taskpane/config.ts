/** Build-time settings (webpack DefinePlugin), with defaults when run un-bundled (tests). */
export interface PaneConfig {
  /** Origin of the auth API; '' = the add-in's own origin. */
  apiOrigin: string;
  supportPhone: string;
  supportUrl: string;
}

export const defaultConfig: PaneConfig = {
  apiOrigin: typeof __API_ORIGIN__ === 'string' ? __API_ORIGIN__ : '',
  supportPhone: typeof __SUPPORT_PHONE__ === 'string' ? __SUPPORT_PHONE__ : '1-866-232-2211',
  supportUrl: typeof __SUPPORT_URL__ === 'string' ? __SUPPORT_URL__ : '/support.html',
};
