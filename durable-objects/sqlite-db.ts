import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";

type Migrations = Parameters<typeof migrate>[1];

/** The newest migration this object's SQLite has applied (its journal timestamp). */
const APPLIED_KEY = "drizzle.migrations.latest";

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
    await migrateOnce(ctx, db, migrations);
  });
  return db;
}

/**
 * Runs drizzle's migrator only when the bundle carries a migration this object has not applied.
 * Every start of an object (and an idle object is evicted after seconds) would otherwise open a
 * drizzle transaction, whose set-up rebuilds the schema's relational config: in the bench's
 * profiles that was the largest single cost of starting an AccountSessions object. The marker is
 * in the same SQLite, so it cannot say "applied" for tables the object does not have.
 */
export async function migrateOnce(
  ctx: DurableObjectState,
  db: DrizzleSqliteDODatabase<Record<string, unknown>>,
  migrations: Migrations,
): Promise<void> {
  const latest = migrations.journal.entries.at(-1)?.when ?? 0;
  if (ctx.storage.kv.get<number>(APPLIED_KEY) === latest) return;
  await migrate(db, migrations);
  ctx.storage.kv.put(APPLIED_KEY, latest);
}
