import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerretDb } from "../../scripts/services/ferretdb.ts";
import { startLatencyProxy } from "../../scripts/services/latency-proxy.ts";
import { FERRETDB_BIN } from "../../scripts/setup.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { api, signer, signInMany } from "../support/api.ts";
import { eventually, withMongo } from "../support/mongo.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";

type One = { appointment: AppointmentView };
type Ledger = { appointments: AppointmentView[]; outboxPending: number };

async function configureDoctor(call: ReturnType<typeof api>, admin: string): Promise<string> {
  const doctorId = uniqueDoctorId("fault");
  const res = await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() });
  expect(res.status).toBe(200);
  return doctorId;
}

describe("the booking race with latency injected into the booking path", () => {
  let worker: WorkerProcess;
  const proxies: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    const s = requireServiceEnv();
    // Slow cache (every Redis round trip +40 ms) and slow MongoDB (+40 ms per chunk).
    const slowRedis = await startLatencyProxy({ targetPort: Number(new URL(s.upstashUrl).port), delayMs: 40 });
    const slowMongo = await startLatencyProxy({ targetPort: Number(new URL(s.mongoUri).port), delayMs: 40 });
    proxies.push(slowRedis, slowMongo);
    worker = await startTestWorker(
      "slow-deps",
      workerVars("prescripto_test_slow", {
        UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${slowRedis.port}`,
        MONGODB_URI: `mongodb://127.0.0.1:${slowMongo.port}/`,
      }),
    );
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.all(proxies.map((p) => p.close()));
  });

  it("never oversells: one winner per slot over 5 rounds of 200", async () => {
    const call = api(worker.url);
    const token = signer({ url: () => worker.url, db: () => "prescripto_test_slow" });
    const admin = await token("admin_fault", "admin");
    const doctorId = await configureDoctor(call, admin);
    const tokens = await signInMany(200, (i) => token(`slow_p${i}`));
    for (let round = 0; round < 5; round++) {
      const start = slotStart(4, round);
      // Readers hit the (slow) availability cache while the race runs.
      const day = new Date(Date.parse(start) + 5.5 * 3_600_000).toISOString().slice(0, 10);
      const [results] = await Promise.all([
        Promise.all(tokens.map((t) => call("POST", "/api/v1/appointments", { token: t, body: { doctorId, start } }))),
        Promise.all(
          Array.from({ length: 20 }, () =>
            call("GET", `/api/v1/doctors/${doctorId}/slots?from=${day}&to=${day}`, {
              headers: { "Cache-Control": "no-cache" },
            }),
          ),
        ),
      ]);
      expect(
        results.filter((r) => r.status === 201),
        `round ${round}`,
      ).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(199);
    }
    const ledger = await call<Ledger>("GET", `/api/v1/admin/doctors/${doctorId}/ledger`, { token: admin });
    const active = ledger.body.appointments.filter((a) => a.status === "booked");
    expect(active).toHaveLength(5);
    expect(new Set(active.map((a) => a.start)).size).toBe(5);
  }, 240_000);
});

describe.skipIf(!existsSync(FERRETDB_BIN))("MongoDB down during a burst of bookings and cancels", () => {
  let worker: WorkerProcess;
  let mongo: Awaited<ReturnType<typeof startFerretDb>>;
  const dbName = "prescripto_test_outage";

  beforeAll(async () => {
    const s = requireServiceEnv();
    mongo = await startFerretDb({ bin: FERRETDB_BIN, dataDir: join(s.runDir, "outage-mongo"), log: () => undefined });
    worker = await startTestWorker("outage", workerVars(dbName, { MONGODB_URI: mongo.uri }));
  });
  afterAll(async () => {
    await worker?.stop();
    await mongo?.stop();
  });

  it("keeps booking while MongoDB is stopped, then converges to exactly the DO's state", async () => {
    const call = api(worker.url);
    const token = signer({ url: () => worker.url, db: () => dbName, mongoUri: () => mongo.uri });
    const admin = await token("admin_outage", "admin");
    const doctorId = await configureDoctor(call, admin);
    const patients = await signInMany(30, (i) => token(`outage_p${i}`));

    // Some history before the outage.
    const before = await Promise.all(
      patients
        .slice(0, 10)
        .map((t, i) =>
          call<One>("POST", "/api/v1/appointments", { token: t, body: { doctorId, start: slotStart(5, i) } }),
        ),
    );
    expect(before.every((r) => r.status === 201)).toBe(true);

    await mongo.stop();
    const during = await Promise.all(
      patients
        .slice(10)
        .map((t, i) =>
          call<One>("POST", "/api/v1/appointments", { token: t, body: { doctorId, start: slotStart(5, 10 + i) } }),
        ),
    );
    expect(during.every((r) => r.status === 201)).toBe(true);
    // Cancel some from before and some from during, reschedule a few, all with MongoDB down.
    const cancels = await Promise.all(
      [...before.slice(0, 4), ...during.slice(0, 6)].map((r, i) =>
        call("POST", `/api/v1/appointments/${r.body.appointment.id}/cancel`, {
          token: i < 4 ? (patients[i] as string) : (patients[10 + i - 4] as string),
          body: { reason: "outage test" },
        }),
      ),
    );
    expect(cancels.every((r) => r.status === 200)).toBe(true);
    const moved = await call("POST", `/api/v1/appointments/${before[5]?.body.appointment.id}/reschedule`, {
      token: patients[5] as string,
      body: { start: slotStart(5, 45) },
    });
    expect(moved.status).toBe(200);
    // Let some queue retries fail against the stopped server.
    await new Promise((r) => setTimeout(r, 4_000));
    await mongo.start();

    const ledger = await eventually(
      async () => {
        const r = await call<Ledger>("GET", `/api/v1/admin/doctors/${doctorId}/ledger`, { token: admin });
        return r.body.outboxPending === 0 ? r.body : null;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: "every outbox row confirmed in MongoDB" },
    );
    const docs = await withMongo(mongo.uri, dbName, (db) =>
      db.collection<{ _id: string; status: string; version: number }>("appointments").find({ doctorId }).toArray(),
    );
    const expected = ledger.appointments.map((a) => [a.id, a.status, a.version]).sort();
    expect(docs.map((d) => [d._id, d.status, d.version]).sort()).toEqual(expected);
    expect(docs).toHaveLength(30);
    expect(ledger.appointments.filter((a) => a.status === "cancelled")).toHaveLength(10);
  }, 240_000);

  it("accepts a schedule change while MongoDB is stopped; the profile's fee follows once it is back", async () => {
    const call = api(worker.url);
    const token = signer({ url: () => worker.url, db: () => dbName, mongoUri: () => mongo.uri });
    const admin = await token("admin_outage", "admin");
    const { doctor } = await onboard(call, admin, { schedule: allDaySchedule() });
    const patient = await token("outage_terms_p");
    const fee = async () =>
      withMongo(mongo.uri, dbName, (db) =>
        db.collection<{ _id: string; feePaise: number; termsVersion?: number }>("doctors").findOne({ _id: doctor.id }),
      );
    expect((await fee())?.feePaise).toBe(40_000);

    await mongo.stop();
    const changed = await call<{ version: number; profileSynced: boolean }>(
      "PUT",
      `/api/v1/doctors/${doctor.id}/schedule`,
      { token: admin, body: roundTheClock({ feePaise: 65_000 }) },
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.profileSynced).toBe(false);
    // The doctor's object enforces the new fee at once, MongoDB or not.
    const booked = await call<One>("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId: doctor.id, start: slotStart(30) },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.appointment.feePaise).toBe(65_000);
    await new Promise((r) => setTimeout(r, 2_000));
    await mongo.start();

    const synced = await eventually(
      async () => {
        const d = await fee();
        return d?.feePaise === 65_000 ? d : null;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: "the profile's fee to follow the schedule" },
    );
    expect(synced.termsVersion).toBe(changed.body.version);
    const profile = await call<{ doctor: { feePaise: number } }>("GET", `/api/v1/doctors/${doctor.id}`, {
      headers: { "Cache-Control": "no-cache" },
    });
    expect(profile.body.doctor.feePaise).toBe(65_000);
  }, 240_000);
});
