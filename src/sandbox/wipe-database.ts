/**
 * 重置演示: empties every table of the sandbox's SQLite database in place (the running service keeps
 * its connection), leaving the migration history so that the schema stays current. Only ever
 * called on the sandbox's own database (`sandbox.database`, a file: URL).
 */
import type { PrismaStore } from '../adapters/store/prisma-store.js';

export async function wipeSandboxDatabase(store: PrismaStore): Promise<number> {
  if (store.provider !== 'sqlite') throw new Error('the sandbox database must be SQLite');
  const db = store.db;
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
  );
  // Foreign keys are ON DELETE RESTRICT; switched off for the wipe (a no-op inside a transaction, so outside one).
  await db.$executeRawUnsafe('PRAGMA foreign_keys = OFF');
  try {
    await db.$transaction(async (tx) => {
      for (const t of tables) await tx.$executeRawUnsafe(`DELETE FROM "${t.name.replace(/"/g, '""')}"`);
    });
  } finally {
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  }
  return tables.length;
}
