/** openInBrowser: Office.context.ui.openBrowserWindow where OpenBrowserWindowApi 1.1 is supported; false otherwise. */
import { openInBrowser } from '../../src/office/browser';

const g = globalThis as { Office?: unknown };
afterEach(() => {
  delete g.Office;
});

function office(supported: boolean, open?: (url: string) => void) {
  const asked: [string, string | undefined][] = [];
  g.Office = {
    context: {
      requirements: { isSetSupported: (name: string, version?: string) => (asked.push([name, version]), supported) },
      ui: open ? { openBrowserWindow: open } : {},
    },
  };
  return asked;
}

test('opens the URL in the system browser when the host supports OpenBrowserWindowApi 1.1', async () => {
  const opened: string[] = [];
  const asked = office(true, (url) => opened.push(url));
  expect(await openInBrowser('https://cloudsync.example/portal#/approve/x')).toBe(true);
  expect(opened).toEqual(['https://cloudsync.example/portal#/approve/x']);
  expect(asked).toEqual([['OpenBrowserWindowApi', '1.1']]);
});

test('answers false (the pane shows the link) without the requirement set, without the method, if it throws, or outside Office', async () => {
  const opened: string[] = [];
  office(false, (url) => opened.push(url));
  expect(await openInBrowser('https://a.example')).toBe(false);
  office(true);
  expect(await openInBrowser('https://a.example')).toBe(false);
  office(true, () => {
    throw new Error('blocked');
  });
  expect(await openInBrowser('https://a.example')).toBe(false);
  delete g.Office;
  expect(await openInBrowser('https://a.example')).toBe(false);
  expect(opened).toEqual([]);
});
