import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DoctorSchedule } from "../../durable-objects/doctor-schedule/doctor-schedule.ts";
import migrations from "../../migrations/doctor-schedule/migrations.js";

describe("a Durable Object's migrations", () => {
  it("are applied on the first start and marked, so later starts skip drizzle's migrator", async () => {
    const stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName("doc_migrate-once"));
    const seen = await runInDurableObject(stub, (_o: DoctorSchedule, state) => ({
      marker: state.storage.kv.get<number>("drizzle.migrations.latest"),
      applied: [...state.storage.sql.exec("select count(*) as n from __drizzle_migrations")][0]?.n,
      outbox: [...state.storage.sql.exec("select name from sqlite_master where name = 'outbox'")].length,
    }));
    expect(seen.marker).toBe(migrations.journal.entries.at(-1)?.when);
    expect(seen.applied).toBe(migrations.journal.entries.length);
    expect(seen.outbox).toBe(1);
  });
});
