/** Opens the store after applying pending migrations, as every command that writes does. */
import { PrismaStore } from '../adapters/store/prisma-store.js';
import { migrateDatabase } from '../adapters/store/migrations.js';

export async function openMigratedStore(url: string, log: (line: string) => void = () => {}): Promise<PrismaStore> {
  await migrateDatabase(url, log);
  return PrismaStore.open(url);
}
