/**
 * docker-compose.yml, the Dockerfile and README.md read as an operator deploys from them (no Docker engine
 * here, so the files are checked for what they promise): the image keeps the built-in checklists, duties and
 * calendars apart from the mounted configuration folder, compose mounts that folder where the image reads it
 * and keeps /app/data (evidence photos) in a volume, every variable compose or the README names is one the
 * code reads and the other way round, images are pinned, and the documented pg_dump writes a clean file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { DEMO_UNIT } from '../helpers/config-fixture.js';
import { tmpDir } from '../helpers/tmp.js';

const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
const finalStage = dockerfile.split(/^FROM\s/m).at(-1)!;
const compose = YAML.parse(fs.readFileSync('docker-compose.yml', 'utf8')) as {
  services: Record<string, { image?: string; environment?: Record<string, string>; volumes?: string[] }>;
  volumes: Record<string, unknown>;
};
const README = fs.readFileSync('README.md', 'utf8');

/** Every environment variable src/ reads: process.env.X, env.X, and apply-env's table of overrides. */
function variablesTheCodeReads(): Set<string> {
  const names = new Set<string>();
  const files = fs.readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const f of files.filter((x) => !x.startsWith('generated'))) {
    const text = fs.readFileSync(path.join('src', f), 'utf8');
    for (const m of text.matchAll(/\b(?:process\.)?env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
  }
  const table = fs.readFileSync('src/config/apply-env.ts', 'utf8');
  for (const m of table.matchAll(/\[\s*'([A-Z][A-Z0-9_]+)',\s*'[a-z]/g)) names.add(m[1]!);
  return names;
}

describe('the deployment files as an operator uses them', () => {
  const configDir = /^ENV SAFEDUTY_CONFIG=(\S+)$/m.exec(finalStage)?.[1];

  it('the image reads the configuration from a folder of its own, the built-in data staying in /app/config', () => {
    expect(configDir).toBeDefined();
    expect(configDir).not.toBe('/app/config');
    expect(finalStage).toMatch(/^COPY config \.\/config$/m);
    const app = compose.services.app!;
    expect(app.volumes).toContain(`./config:${configDir}`);
    // evidence photos (and a SQLite file) survive a re-created container
    const data = app.volumes!.find((v) => v.endsWith(':/app/data'));
    expect(data).toBeDefined();
    expect(Object.keys(compose.volumes)).toContain(data!.split(':')[0]);
  });

  it('an operator folder with only safeduty.yaml and units/ keeps the built-in checklists, duties, calendars', () => {
    const dir = tmpDir('etc-safeduty');
    fs.mkdirSync(path.join(dir, 'units'));
    fs.writeFileSync(path.join(dir, 'safeduty.yaml'), 'http: { port: 3000 }\n');
    fs.writeFileSync(path.join(dir, 'units', 'wanjia-property.yaml'), DEMO_UNIT);
    const c = loadConfig({ dir, env: {} });
    expect(c.checklists.size).toBe(9);
    expect(c.calendars.map((k) => k.year)).toEqual(expect.arrayContaining([2025, 2026]));
    expect(c.units).toHaveLength(1);
  });

  it('every variable compose and the README name is read by the code, and each one it reads is documented', () => {
    const read = variablesTheCodeReads();
    const inCompose = Object.keys(compose.services.app!.environment ?? {});
    for (const v of inCompose) expect(read, `compose passes ${v}`).toContain(v);
    // what a production deployment needs is passed on: webhook mode, Telegram, the record key
    for (const v of ['FEISHU_MODE', 'TELEGRAM_MODE', 'TELEGRAM_WEBHOOK_URL', 'SAFEDUTY_RECORD_KEY'])
      expect(inCompose).toContain(v);
    const table = README.slice(README.indexOf('| variable | meaning |'), README.indexOf('Unit file essentials'));
    const documented = new Set([...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));
    for (const v of documented) expect(read, `README documents ${v}`).toContain(v);
    for (const v of read) expect(documented, `the code reads ${v}`).toContain(v);
  });

  it('pins every image to an exact version and health-checks both services', () => {
    for (const from of dockerfile.matchAll(/^FROM (\S+)/gm)) expect(from[1]).toMatch(/:\d+\.\d+\.\d+-/);
    expect(compose.services.db!.image).toMatch(/^postgres:\d+\.\d+-/);
    expect(fs.readFileSync('docker-compose.yml', 'utf8')).toMatch(/healthcheck:\n\s+test: \["CMD-SHELL", "pg_isready/);
    expect(finalStage).toMatch(/^HEALTHCHECK .*"bin\/safeduty\.mjs", "health"\]$/m);
  });

  it('documents pg_dump through compose without a terminal, so the binary dump is not mangled', () => {
    for (const text of [README, fs.readFileSync('docker-compose.yml', 'utf8')])
      for (const m of text.matchAll(/docker compose exec (?:-\w+ )*db pg_dump/g)) expect(m[0]).toContain(' -T ');
  });
});
