import { DurableObject } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "../../migrations/migrations.js";
import * as schema from "./schema.ts";

export interface ScheduleHealth {
  migrationsApplied: number;
  migrationsExpected: number;
  tables: string[];
}

/**
 * One instance per doctor: the only writer of that doctor's slots. Its SQLite is migrated
 * before the object serves anything (blockConcurrencyWhile), so no request ever sees an
 * old schema.
 */
export class DoctorSchedule extends DurableObject<Env> {
  private readonly db: DrizzleSqliteDODatabase<typeof schema>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema });
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(this.db, migrations);
    });
  }

  async health(): Promise<ScheduleHealth> {
    const applied = this.db.get<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`);
    const tables = this.db
      .all<{ name: string }>(sql`select name from sqlite_master where type = 'table' order by name`)
      .map((t) => t.name)
      .filter((name) => !name.startsWith("_") && !name.startsWith("sqlite"));
    return {
      migrationsApplied: applied?.n ?? 0,
      migrationsExpected: migrations.journal.entries.length,
      tables,
    };
  }
}
