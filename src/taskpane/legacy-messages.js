/*
 * The message for old Outlook web views (see legacy-check.js) in the pane's other languages: fetched by
 * legacy-check.js only on such an engine, so no current pane downloads it. ES5, copied as written.
 */
window.cloudsyncLegacyMessages = {
  de: ['AXIS CloudSync läuft nicht in dieser Outlook-Version.', 'Verwenden Sie Outlook im Web, das neue Outlook für Windows oder Outlook aus Microsoft 365 (oder Office 2021 oder neuer) unter Windows oder Mac. Ihre anderen Outlook-Funktionen arbeiten weiter wie bisher.'],
  fr: ['AXIS CloudSync ne fonctionne pas dans cette version d’Outlook.', 'Utilisez Outlook sur le web, le nouvel Outlook pour Windows ou Outlook de Microsoft 365 (ou Office 2021 ou version ultérieure) sous Windows ou Mac. Vos autres fonctionnalités Outlook continuent de fonctionner comme avant.'],
  es: ['AXIS CloudSync no funciona en esta versión de Outlook.', 'Use Outlook en la web, el nuevo Outlook para Windows u Outlook de Microsoft 365 (u Office 2021 o posterior) en Windows o Mac. Las demás funciones de Outlook siguen funcionando como antes.'],
  ja: ['AXIS CloudSync はこのバージョンの Outlook では動作しません。', 'Windows または Mac で、Outlook on the web、新しい Outlook for Windows、または Microsoft 365 の Outlook (Office 2021 以降) を使用してください。Outlook のその他の機能はこれまでどおり使用できます。'],
  'pt-BR': ['O AXIS CloudSync não funciona nesta versão do Outlook.', 'Use o Outlook na Web, o novo Outlook para Windows ou o Outlook do Microsoft 365 (ou Office 2021 ou posterior) no Windows ou Mac. Os outros recursos do Outlook continuam funcionando como antes.'],
  ar: ['لا يعمل AXIS CloudSync في هذا الإصدار من Outlook.', 'استخدم Outlook على الويب أو Outlook الجديد لنظام Windows أو Outlook من Microsoft 365 (أو Office 2021 أو أحدث) على Windows أو Mac. تستمر ميزات Outlook الأخرى في العمل كما كانت.']
};
