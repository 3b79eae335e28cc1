#!/usr/bin/env node
// SafeDuty migrations, offline (WASM schema engine; see migrate-lib.mjs for how and why).
//
//   DATABASE_URL=file:./data/safeduty.db node scripts/migrate.mjs deploy   apply pending migrations
//   DATABASE_URL=…                       node scripts/migrate.mjs status   applied / pending
//   SHADOW_PG_URL=postgresql://…         node scripts/migrate.mjs new <name> [sqlite|postgresql]
//   [SHADOW_PG_URL=…]                    node scripts/migrate.mjs check    exit 1 if models.prisma has
//                                                                          changes no migration covers
// DATABASE_URL: postgres:// or postgresql:// → PostgreSQL, anything else is a SQLite file.
// SHADOW_PG_URL (or TEST_PG_URL): a PostgreSQL server where `new`/`check` may create a temporary
// database (start one with `bash scripts/pg-up.sh`).
import path from 'node:path';
import {
  checkMigrations,
  createMigration,
  deployMigrations,
  MigrateError,
  migrationStatus,
  PROVIDERS,
  ROOT,
  shadowPgUrlFromEnv,
  writeProviderSchemas,
} from './migrate-lib.mjs';

const USAGE =
  'usage: node scripts/migrate.mjs deploy | status | check | new <name> [sqlite|postgresql]  (DATABASE_URL, ' +
  'SHADOW_PG_URL)';

/** @param {string[]} args @returns {Promise<number>} exit code */
async function main([command, ...args]) {
  const started = Date.now();
  const took = () => `(${((Date.now() - started) / 1000).toFixed(1)} s)`;
  switch (command) {
    case 'deploy': {
      writeProviderSchemas({ optional: true }); // not needed to deploy; kept current for tools
      const { provider, applied } = await deployMigrations({ url: databaseUrl() });
      console.log(`migrate deploy (${provider}): applied ${applied.length ? applied.join(', ') : 'none'} ${took()}`);
      return 0;
    }
    case 'status': {
      writeProviderSchemas({ optional: true }); // not needed to deploy; kept current for tools
      const s = await migrationStatus({ url: databaseUrl() });
      const list = (/** @type {string[]} */ a) => (a.length ? a.join(', ') : 'none');
      if (s.databaseExists === false) console.log(`(the SQLite file does not exist yet)`);
      console.log(`applied: ${list(s.applied)}`);
      console.log(`pending: ${list(s.pending)}`);
      if (s.notInFolder.length) console.log(`in the database but not in the folder: ${list(s.notInFolder)}`);
      if (s.failed.length) console.log(`FAILED: ${list(s.failed)}`);
      if (s.edited.length) console.log(`edited after being applied: ${list(s.edited)}`);
      return s.failed.length || s.notInFolder.length ? 1 : 0;
    }
    case 'new': {
      const [name, only, extra] = args;
      if (!name || extra || (only && !PROVIDERS.includes(/** @type {any} */ (only)))) throw new MigrateError(USAGE);
      const providers = only ? [/** @type {'sqlite' | 'postgresql'} */ (only)] : [...PROVIDERS];
      const r = await createMigration({ name, providers, shadowUrl: shadowPgUrlFromEnv() });
      if (!r.folder) {
        console.log(
          `no changes: prisma/models.prisma matches the migrations (${providers.join(', ')}); nothing ` +
            `written ${took()}`,
        );
        return 0;
      }
      for (const file of r.written) console.log(`wrote ${path.relative(ROOT, file)}`);
      for (const p of r.unchanged) console.log(`${p}: no changes, no migration written`);
      if (only)
        console.log(`note: only ${only}; create the other provider's migration under the same name before committing`);
      console.log(`review the SQL, then apply with: npm run migrate ${took()}`);
      return 0;
    }
    case 'check': {
      const shadowUrl = shadowPgUrlFromEnv();
      const { clean, results, onlyIn } = await checkMigrations({ shadowUrl });
      for (const [p, names] of Object.entries(onlyIn)) {
        if (names.length)
          console.log(
            `warning: only in prisma/migrations/${p}: ${names.join(', ')} (each change should have the same ` +
              `folder for both providers)`,
          );
      }
      for (const r of results) {
        if (r.status === 'clean') console.log(`${r.provider}: migrations match prisma/models.prisma`);
        else if (r.status === 'skipped')
          console.log(
            `${r.provider}: skipped (set SHADOW_PG_URL or TEST_PG_URL; bash scripts/pg-up.sh starts a server)`,
          );
        else {
          console.error(`${r.provider}: prisma/models.prisma has changes that no migration covers:`);
          console.error(
            (r.sql ?? '')
              .trim()
              .split('\n')
              .map((l) => `    ${l}`)
              .join('\n'),
          );
        }
      }
      if (!clean) console.error('migrate check: FAILED: create a migration with: npm run migrate:new -- <name>');
      else console.log(`migrate check: ok ${took()}`);
      return clean ? 0 : 1;
    }
    default:
      throw new MigrateError(USAGE);
  }
}

function databaseUrl() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new MigrateError('set DATABASE_URL, e.g. DATABASE_URL=file:./data/safeduty.db');
  return url;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof MigrateError) {
    console.error(`migrate: ${e.message}`);
    if (process.env.MIGRATE_DEBUG && e.cause) console.error(e.cause);
  } else {
    console.error(e);
  }
  process.exitCode = 1;
}
// No process.exit(): migrate-lib closes every connection it opened, so Node exits by itself.
