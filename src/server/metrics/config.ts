/** MANAGEMENT_PORT / MANAGEMENT_HOST / METRICS_TOKEN: where /metrics is served, if anywhere. */
import { ConfigError } from '../config';

export interface MetricsSettings {
  /** A second listener for /metrics, /healthz and /readyz (never the public port). Null: none. */
  managementPort: number | null;
  managementHost: string;
  /** /metrics on the main port, for a scraper that sends `Authorization: Bearer <token>`. Null: not on the main port. */
  token: string | null;
}

export function parseMetricsConfig(env: NodeJS.ProcessEnv, port: number): MetricsSettings {
  let managementPort: number | null = null;
  const rawPort = env.MANAGEMENT_PORT?.trim();
  if (rawPort) {
    if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) throw new ConfigError(`MANAGEMENT_PORT must be a port number between 0 and 65535 (got "${rawPort}")`);
    managementPort = Number(rawPort);
    if (managementPort !== 0 && managementPort === port) throw new ConfigError(`MANAGEMENT_PORT must differ from PORT (both are ${port}); metrics are never served on the public port without METRICS_TOKEN`);
  }
  const token = env.METRICS_TOKEN?.trim() || null;
  if (token !== null && (token.length < 24 || !/^[\x21-\x7e]+$/.test(token))) {
    throw new ConfigError('METRICS_TOKEN must be at least 24 printable characters without spaces (e.g. openssl rand -hex 24)');
  }
  // Loopback unless the operator says otherwise: the management port has no authentication.
  const managementHost = env.MANAGEMENT_HOST?.trim() || '127.0.0.1';
  return { managementPort, managementHost, token };
}
