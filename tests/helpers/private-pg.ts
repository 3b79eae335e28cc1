/**
 * A private PostgreSQL cluster for one test (its own data directory and a free port, through
 * scripts/pg-up.sh), which the test may restart and stops at the end. Never the shared one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tmpDir } from './tmp.js';

export interface PrivatePg {
  url: string;
  restart(): void;
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Whether PostgreSQL's server programs are installed (the test skips without them). */
export function postgresInstalled(): boolean {
  try {
    return fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));
  } catch {
    return false;
  }
}

export async function startPrivatePg(): Promise<PrivatePg> {
  const parent = tmpDir('pg');
  fs.chmodSync(parent, 0o755); // the cluster runs as the postgres user when the tests run as root
  const dir = path.join(parent, 'data');
  const port = await freePort();
  const env = { ...process.env, PGDIR: dir, PGPORT: String(port) };
  // stdio ignored: a pipe would be held open by the server
  execFileSync('bash', ['scripts/pg-up.sh'], { env, stdio: 'ignore', timeout: 90_000 });
  const bin = fs
    .readdirSync('/usr/lib/postgresql')
    .sort()
    .map((v) => `/usr/lib/postgresql/${v}/bin`)
    .pop()!;
  const asPg = (cmd: string) =>
    process.getuid?.() === 0
      ? execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { stdio: 'ignore', timeout: 90_000 })
      : execFileSync('sh', ['-c', cmd], { stdio: 'ignore', timeout: 90_000 });
  return {
    url: `postgresql://app:app@127.0.0.1:${port}/app`,
    restart: () => asPg(`'${bin}/pg_ctl' -D '${dir}' -m fast -w -t 60 restart`),
    stop: () => execFileSync('bash', ['scripts/pg-down.sh'], { env, stdio: 'ignore', timeout: 90_000 }),
  };
}
