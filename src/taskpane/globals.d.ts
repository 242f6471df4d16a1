// Build settings injected by webpack's DefinePlugin (see webpack.config.js).
declare const __API_ORIGIN__: string;
declare const __SUPPORT_PHONE__: string;
declare const __SUPPORT_URL__: string;
