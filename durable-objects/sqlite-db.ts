import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";

type Migrations = Parameters<typeof migrate>[1];

/**
 * A Durable Object's SQLite through drizzle, migrated first: blockConcurrencyWhile holds every
 * call until the migrations ran, so no method ever sees an older schema.
 */
export function migratedDb<S extends Record<string, unknown>>(
  ctx: DurableObjectState,
  schema: S,
  migrations: Migrations,
): DrizzleSqliteDODatabase<S> {
  const db = drizzle(ctx.storage, { schema });
  void ctx.blockConcurrencyWhile(async () => {
    await migrate(db, migrations);
  });
  return db;
}
