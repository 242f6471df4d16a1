/**
 * The setup every task-pane test file shares: the production web build, one server (from `start`) and one
 * headless Chromium for the file, and the panes its tests open (each a Device with its own Outlook double),
 * all closed after the file. `server` and `browser` are set once the file's first beforeAll has run.
 */
import type { Browser } from 'playwright-core';
import { ensureWebBuild } from '../helpers/build';
import type { TestServer } from '../helpers/server';
import { Device, launchChromium, OutlookCloud } from './addin-harness';

export interface PaneSuite<S extends TestServer> {
  server: S;
  browser: Browser;
  /** A pane in a new Outlook (a new Outlook cloud unless one is given), closed after the file. */
  newDevice(cloud?: OutlookCloud): Promise<Device>;
  /** Moves the server's clock and every open pane's clock forward. */
  advance(ms: number): Promise<void>;
}

export function paneSuite<S extends TestServer>(start: () => Promise<S>): PaneSuite<S> {
  const devices: Device[] = [];
  const suite: PaneSuite<S> = {
    server: undefined as unknown as S,
    browser: undefined as unknown as Browser,
    async newDevice(cloud = new OutlookCloud()) {
      const device = await Device.create(suite.browser, suite.server, cloud);
      devices.push(device);
      return device;
    },
    async advance(ms) {
      suite.server.clock.advance(ms);
      await Promise.all(devices.map((d) => d.syncClock()));
    },
  };
  beforeAll(async () => {
    await ensureWebBuild();
    [suite.server, suite.browser] = await Promise.all([start(), launchChromium()]);
  }, 600_000);
  afterAll(async () => {
    await Promise.all(devices.map((d) => d.close().catch(() => undefined)));
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
