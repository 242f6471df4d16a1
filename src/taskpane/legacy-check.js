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
  box.style.padding = '16px';
  box.style.fontSize = '14px';
  var title = document.createElement('p');
  title.style.fontWeight = '600';
  title.appendChild(document.createTextNode('AXIS CloudSync does not run in this version of Outlook.'));
  var body = document.createElement('p');
  body.appendChild(
    document.createTextNode(
      'Use Outlook on the web, the new Outlook for Windows, or Outlook from Microsoft 365 (or Office 2021 or later) on Windows or Mac. ' +
        'Your other Outlook features keep working as before.'
    )
  );
  box.appendChild(title);
  box.appendChild(body);
  root.parentNode.replaceChild(box, root);
})();
