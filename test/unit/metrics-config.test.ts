/** MANAGEMENT_PORT / METRICS_TOKEN / TRUST_PROXY are checked at start, with messages naming the variable. */
import { ConfigError, loadConfig } from '../../src/server/config';

const base = { SECRET_KEY: 'a'.repeat(64), DATA_DIR: '/tmp/axis-config-test', TLS: 'off' };

test('metrics are off unless MANAGEMENT_PORT or METRICS_TOKEN is set', () => {
  expect(loadConfig(base).metrics).toEqual({ managementPort: null, managementHost: '127.0.0.1', token: null });
  expect(loadConfig({ ...base, MANAGEMENT_PORT: '9464', MANAGEMENT_HOST: '0.0.0.0' }).metrics).toEqual({ managementPort: 9464, managementHost: '0.0.0.0', token: null });
  expect(loadConfig({ ...base, METRICS_TOKEN: 'x'.repeat(24) }).metrics.token).toBe('x'.repeat(24));
});

test.each([
  [{ MANAGEMENT_PORT: 'nine' }, /^MANAGEMENT_PORT must be a port number/],
  [{ MANAGEMENT_PORT: '3000', PORT: '3000' }, /^MANAGEMENT_PORT must differ from PORT/],
  [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN must be at least 24 printable characters/],
  [{ TRUST_PROXY: 'proxy.example.com' }, /^TRUST_PROXY must be .*"proxy\.example\.com"/],
  [{ TRUST_PROXY: '10.0.0.0/33' }, /^TRUST_PROXY must be/],
])('%j is refused with a message naming the variable', (env, message) => {
  expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
  expect(() => loadConfig({ ...base, ...env })).toThrow(message);
});

test('TRUST_PROXY takes addresses, CIDR ranges and the proxy-addr names', () => {
  expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1, ::1, fd00::/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
});
