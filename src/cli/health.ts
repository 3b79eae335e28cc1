/**
 * `safeduty health [--ready]`: asks the running service on its configured port (safeduty.yaml
 * http.port, or PORT) for /healthz (or /readyz) and exits 0 when it answers 200 — the container's
 * HEALTHCHECK, so the check follows the port the configuration sets.
 */
import { loadFromFlags, parseOptions, portOption } from './options.js';

export async function health(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { ready: { type: 'boolean' }, port: { type: 'string' } });
  const port = portOption(values.port) ?? loadFromFlags(values.config).service.http.port;
  const url = `http://127.0.0.1:${port}/${values.ready ? 'readyz' : 'healthz'}`;
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(4000) });
    const body = await r.text();
    (r.ok ? console.log : console.error)(`${url} → ${r.status} ${body.slice(0, 500)}`);
    return r.ok ? 0 : 1;
  } catch (e) {
    console.error(`${url} 无应答（${(e as Error).message}）：服务未运行，或端口与配置不符`);
    return 1;
  }
}
