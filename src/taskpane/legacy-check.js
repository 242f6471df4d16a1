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
  // This script cannot load the pane's catalogs (it runs before any bundle, in ES5): the "Loading" line of
  // taskpane.html in the pane's seven languages here, chosen from the browser's language; the two sentences
  // for old engines in legacy-messages.js, fetched only there (every other pane never pays for them).
  var loadingText = {
    de: 'AXIS CloudSync wird geladen…',
    fr: 'Chargement d’AXIS CloudSync…',
    es: 'Cargando AXIS CloudSync…',
    ja: 'AXIS CloudSync を読み込んでいます…',
    'pt-BR': 'Carregando o AXIS CloudSync…',
    ar: 'جارٍ تحميل AXIS CloudSync…'
  };
  var tag = String(window.navigator.language || window.navigator.userLanguage || 'en');
  var lang = tag.toLowerCase().indexOf('pt') === 0 ? 'pt-BR' : tag.split('-')[0].toLowerCase();
  if (!loadingText.hasOwnProperty(lang)) lang = 'en';
  var loading = document.getElementById('boot');
  if (loading && lang !== 'en') loading.firstChild.nodeValue = loadingText[lang];

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
  var english = [
    'AXIS CloudSync does not run in this version of Outlook.',
    'Use Outlook on the web, the new Outlook for Windows, or Outlook from Microsoft 365 (or Office 2021 or later) on Windows or Mac. ' +
      'Your other Outlook features keep working as before.'
  ];
  var shown = false;
  function show() {
    if (shown) return;
    shown = true;
    var table = window.cloudsyncLegacyMessages || {};
    var words = table.hasOwnProperty(lang) ? table[lang] : english;
    var box = document.createElement('div');
    box.id = 'unsupported';
    box.setAttribute('role', 'alert');
    box.setAttribute('lang', table.hasOwnProperty(lang) ? lang : 'en');
    box.setAttribute('dir', lang === 'ar' && table.hasOwnProperty(lang) ? 'rtl' : 'ltr');
    box.style.padding = '16px';
    box.style.fontSize = '14px';
    var title = document.createElement('p');
    title.style.fontWeight = '600';
    title.appendChild(document.createTextNode(words[0]));
    var body = document.createElement('p');
    body.appendChild(document.createTextNode(words[1]));
    box.appendChild(title);
    box.appendChild(body);
    root.parentNode.replaceChild(box, root);
  }
  // The pane's own bundle must not start meanwhile: the root goes at once, the words follow.
  root.removeAttribute('id');
  if (lang === 'en') return show();
  var script = document.createElement('script');
  script.src = 'legacy-messages.js';
  script.onload = show;
  script.onerror = show;
  document.getElementsByTagName('head')[0].appendChild(script);
  setTimeout(show, 3000);
})();
