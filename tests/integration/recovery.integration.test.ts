import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLatencyProxy } from "../../scripts/services/latency-proxy.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { api, token } from "../support/api.ts";
import { eventually, withMongo } from "../support/mongo.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";

type One = { appointment: AppointmentView };
type Ledger = { appointments: AppointmentView[]; outboxPending: number };

const BURST = 40;
const RECOVERY_GOAL_MS = 10_000;

/** Kills wrangler dev and its workerd at once (their process group), as a crash would: no shutdown. */
async function crash(worker: WorkerProcess): Promise<void> {
  const pid = worker.proc.pid;
  if (pid !== undefined) process.kill(-pid, "SIGKILL");
  await worker.stop();
}

describe("recovery after the runtime is killed right after a burst of bookings", () => {
  const s = requireServiceEnv();
  const dbName = "prescripto_test_recovery";
  const vars = (mongoUri = s.mongoUri) => workerVars(dbName, { MONGODB_URI: mongoUri });
  let worker: WorkerProcess | undefined;
  let slowMongo: { port: number; close(): Promise<void> } | undefined;

  beforeAll(async () => {
    // Before the crash MongoDB answers only after 10 s, so the consumer cannot have written the
    // burst when workerd dies: every booking is in flight (in the queue or the consumer).
    slowMongo = await startLatencyProxy({ targetPort: Number(new URL(s.mongoUri).port), delayMs: 10_000 });
    worker = await startTestWorker("recovery", vars(`mongodb://127.0.0.1:${slowMongo.port}/`));
  });
  afterAll(async () => {
    await worker?.stop();
    await slowMongo?.close();
  });

  it("has every booking in MongoDB within 10 s of the restart: none lost, none duplicated, no 5xx", async () => {
    if (!worker) throw new Error("setup");
    const call = api(worker.url);
    const admin = await token("admin_recovery", "admin");
    const doctorId = uniqueDoctorId("recovery");
    expect(
      (await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() })).status,
    ).toBe(200);
    const patients = await Promise.all(Array.from({ length: BURST }, (_, i) => token(`recovery_p${i}`)));
    const booked = await Promise.all(
      patients.map((t, i) =>
        call<One>("POST", "/api/v1/appointments", { token: t, body: { doctorId, start: slotStart(7, i) } }),
      ),
    );
    expect(booked.map((r) => r.status)).toEqual(Array(BURST).fill(201));
    await crash(worker);
    const ids = booked.map((r) => r.body.appointment.id).sort();
    const inMongo = () =>
      withMongo(s.mongoUri, dbName, (db) =>
        db.collection<{ _id: string; version: number }>("appointments").find({ doctorId }).toArray(),
      );
    const lostInFlight = BURST - (await inMongo()).length;
    expect(lostInFlight, "the crash must catch bookings on their way to MongoDB").toBe(BURST);

    worker = await startTestWorker("recovery", vars());
    const restartedAt = Date.now();
    // Nothing calls this doctor's object after the restart: its alarm alone must bring it back.
    const docs = await eventually(
      async () => {
        const d = await inMongo();
        return d.length >= BURST ? d : null;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: "every booking in MongoDB" },
    );
    const recoveryMs = Date.now() - restartedAt;
    console.log(
      `[recovery] ${lostInFlight} of ${BURST} bookings missing from MongoDB at the crash; all there ${recoveryMs} ms after the restart`,
    );
    expect(docs.map((d) => d._id).sort()).toEqual(ids);
    expect(docs.every((d) => d.version === 1)).toBe(true);
    expect(recoveryMs).toBeLessThan(RECOVERY_GOAL_MS);

    // The DO agrees and has nothing left to send; a read from MongoDB shows the bookings.
    const call2 = api(worker.url);
    const ledger = await eventually(
      async () => {
        const r = await call2<Ledger>("GET", `/api/v1/admin/doctors/${doctorId}/ledger`, { token: admin });
        return r.body.outboxPending === 0 ? r.body : null;
      },
      { timeoutMs: 30_000, what: "the outbox to drain" },
    );
    expect(ledger.appointments.map((a) => a.id).sort()).toEqual(ids);
    const mine = await call2<{ appointments: AppointmentView[] }>("GET", "/api/v1/me/appointments", {
      token: patients[0] as string,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.appointments.map((a) => a.id)).toContain(booked[0]?.body.appointment.id);
  }, 240_000);
});
