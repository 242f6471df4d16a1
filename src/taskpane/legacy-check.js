/*
 * Runs before the pane's bundle, in ES5 on purpose (no build step touches it):
 * Office 2016/2019 on Windows can host the pane in Internet Explorer 11
 * (Trident) or the legacy Edge (EdgeHTML) web view, which cannot run the
 * ES2020 bundle; the pane would sit on "Loading…" for ever. There it shows,
 * as Microsoft recommends, which Outlook to use instead, and takes the pane's
 * root away so nothing else starts.
 */
(function () {
  'use strict';
  // This script cannot load the pane's catalogs (it runs before any bundle, in ES5): its own two sentences,
  // and the "Loading" line of taskpane.html, in the pane's seven languages, chosen from the browser's language.
  var text = {
    en: ['Loading AXIS CloudSync…', 'AXIS CloudSync does not run in this version of Outlook.', 'Use Outlook on the web, the new Outlook for Windows, or Outlook from Microsoft 365 (or Office 2021 or later) on Windows or Mac. Your other Outlook features keep working as before.'],
    de: ['AXIS CloudSync wird geladen…', 'AXIS CloudSync läuft nicht in dieser Outlook-Version.', 'Verwenden Sie Outlook im Web, das neue Outlook für Windows oder Outlook aus Microsoft 365 (oder Office 2021 oder neuer) unter Windows oder Mac. Ihre anderen Outlook-Funktionen arbeiten weiter wie bisher.'],
    fr: ['Chargement d’AXIS CloudSync…', 'AXIS CloudSync ne fonctionne pas dans cette version d’Outlook.', 'Utilisez Outlook sur le web, le nouvel Outlook pour Windows ou Outlook de Microsoft 365 (ou Office 2021 ou version ultérieure) sous Windows ou Mac. Vos autres fonctionnalités Outlook continuent de fonctionner comme avant.'],
    es: ['Cargando AXIS CloudSync…', 'AXIS CloudSync no funciona en esta versión de Outlook.', 'Use Outlook en la web, el nuevo Outlook para Windows u Outlook de Microsoft 365 (u Office 2021 o posterior) en Windows o Mac. Las demás funciones de Outlook siguen funcionando como antes.'],
    ja: ['AXIS CloudSync を読み込んでいます…', 'AXIS CloudSync はこのバージョンの Outlook では動作しません。', 'Windows または Mac で、Outlook on the web、新しい Outlook for Windows、または Microsoft 365 の Outlook (Office 2021 以降) を使用してください。Outlook のその他の機能はこれまでどおり使用できます。'],
    'pt-BR': ['Carregando o AXIS CloudSync…', 'O AXIS CloudSync não funciona nesta versão do Outlook.', 'Use o Outlook na Web, o novo Outlook para Windows ou o Outlook do Microsoft 365 (ou Office 2021 ou posterior) no Windows ou Mac. Os outros recursos do Outlook continuam funcionando como antes.'],
    ar: ['جارٍ تحميل AXIS CloudSync…', 'لا يعمل AXIS CloudSync في هذا الإصدار من Outlook.', 'استخدم Outlook على الويب أو Outlook الجديد لنظام Windows أو Outlook من Microsoft 365 (أو Office 2021 أو أحدث) على Windows أو Mac. تستمر ميزات Outlook الأخرى في العمل كما كانت.']
  };
  var tag = String(window.navigator.language || window.navigator.userLanguage || 'en');
  var lang = tag.toLowerCase().indexOf('pt') === 0 ? 'pt-BR' : tag.split('-')[0].toLowerCase();
  if (!text.hasOwnProperty(lang)) lang = 'en';
  var words = text[lang];
  var loading = document.getElementById('boot');
  if (loading && lang !== 'en') loading.firstChild.nodeValue = words[0];

  var ua = window.navigator.userAgent || '';
  var legacyEngine = ua.indexOf('Trident/') !== -1 || ua.indexOf('Edge/') !== -1;
  var missing =
    typeof Promise === 'undefined' ||
    typeof Symbol === 'undefined' ||
    typeof window.fetch !== 'function' ||
    typeof Object.fromEntries !== 'function' ||
    typeof window.crypto === 'undefined' ||
    typeof window.crypto.subtle === 'undefined';
  if (!legacyEngine && !missing) return;
  var root = document.getElementById('root');
  if (!root || !root.parentNode) return;
  var box = document.createElement('div');
  box.id = 'unsupported';
  box.setAttribute('role', 'alert');
  box.setAttribute('lang', lang);
  box.setAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
  box.style.padding = '16px';
  box.style.fontSize = '14px';
  var title = document.createElement('p');
  title.style.fontWeight = '600';
  title.appendChild(document.createTextNode(words[1]));
  var body = document.createElement('p');
  body.appendChild(document.createTextNode(words[2]));
  box.appendChild(title);
  box.appendChild(body);
  root.parentNode.replaceChild(box, root);
})();
