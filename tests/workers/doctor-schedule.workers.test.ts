import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DoctorSchedule } from "../../durable-objects/doctor-schedule/doctor-schedule.ts";

describe("DoctorSchedule Durable Object", () => {
  it("applies the drizzle migrations before serving its first call", async () => {
    const stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName("doc_migrations"));
    const health = await stub.health();
    expect(health.migrationsApplied).toBe(health.migrationsExpected);
    expect(health.migrationsExpected).toBeGreaterThanOrEqual(1);
    expect(health.tables).toEqual(expect.arrayContaining(["doctor_profile", "outbox"]));
  });

  it("keeps one SQLite database per doctor", async () => {
    const a = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName("doc_a"));
    const b = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName("doc_b"));
    await runInDurableObject(a, (_instance: DoctorSchedule, state) => {
      state.storage.sql.exec(
        "insert into doctor_profile (doctor_id, time_zone, updated_at) values ('doc_a', 'Asia/Kolkata', 0)",
      );
    });
    const countIn = (stub: typeof a) =>
      runInDurableObject(
        stub,
        (_i: DoctorSchedule, state) =>
          state.storage.sql.exec<{ n: number }>("select count(*) as n from doctor_profile").one().n,
      );
    expect(await countIn(a)).toBe(1);
    expect(await countIn(b)).toBe(0);
  });
});
