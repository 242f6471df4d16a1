/**
 * Debian's Chromium, headless, driven by playwright-core (Playwright's own
 * browser download does not work offline). The flags keep it off the closed
 * network; every launch gets a fresh temporary profile of its own.
 */
import { chromium, type Browser } from 'playwright-core';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: chromiumArgs });
}
