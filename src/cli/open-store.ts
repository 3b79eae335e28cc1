/**
 * Opens the store for a command that writes, applying pending migrations first (the runner in
 * adapters/store/migrate/, on a connection of its own); with nothing pending, the store opens
 * beside a running service (WAL, busy timeout: see adapters/store/db.ts).
 */

import { providerOf } from '../adapters/store/db.js';
import { migrateDatabase, pendingMigrations } from '../adapters/store/migrations.js';
import { PrismaStore, type StoreOptions } from '../adapters/store/prisma-store.js';

export async function openMigratedStore(
  url: string,
  log: (line: string) => void = () => {},
  opts: StoreOptions = {},
): Promise<PrismaStore> {
  const store = await PrismaStore.open(url, opts);
  const pending = await pendingMigrations(store.db, providerOf(url)).catch(async (e: unknown) => {
    await store.close().catch(() => {});
    throw PrismaStore.openError(e, url);
  });
  if (pending.length === 0) return store;
  await store.close();
  await migrateDatabase(url, log);
  return PrismaStore.open(url, opts);
}
