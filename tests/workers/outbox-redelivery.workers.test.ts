import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { describe, expect, it } from "vitest";
import type { DoctorSchedule } from "../../durable-objects/doctor-schedule/doctor-schedule.ts";
import { Outbox, REDELIVERY_MAX_MS, STALE_ON_START_MS } from "../../durable-objects/doctor-schedule/outbox.ts";
import * as schema from "../../durable-objects/doctor-schedule/schema.ts";
import type { SorMessage } from "../../worker/kernel/messages/sor-messages.ts";
import { uniqueDoctorId } from "../support/schedules.ts";

const FIRST_MS = 5_000;
const terms = (version: number) => ({ doctorId: "doc_x", version, feePaise: 100, acceptingBookings: true });

/**
 * An Outbox on a fresh doctor's own SQLite, with a recording (or failing) queue and a clock the
 * test moves: no consumer ever confirms, so every row keeps being redelivered.
 */
function withOutbox<T>(fn: (o: Outbox, h: Harness) => Promise<T>): Promise<T> {
  const stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(uniqueDoctorId("outbox")));
  return runInDurableObject(stub, async (_o: DoctorSchedule, state) => {
    state.storage.sql.exec("delete from outbox");
    const db = drizzle(state.storage, { schema });
    const h: Harness = { now: 1_000_000, sent: [], fail: false, rows: () => [], db };
    h.rows = () =>
      db
        .select()
        .from(schema.outbox)
        .all()
        .map((r) => ({ id: r.id, attempts: r.attempts, dueInMs: r.nextAttemptAt.getTime() - h.now }));
    const outbox = new Outbox(db, {
      doctorId: () => "doc_x",
      now: () => h.now,
      redeliveryMs: () => FIRST_MS,
      send: async (messages) => {
        if (h.fail) throw new Error("queue down");
        h.sent.push(messages);
      },
      onDeferred: () => undefined,
    });
    return fn(outbox, h);
  });
}

interface Harness {
  now: number;
  sent: SorMessage[][];
  fail: boolean;
  rows(): { id: number; attempts: number; dueInMs: number }[];
  db: ReturnType<typeof drizzle<typeof schema>>;
}

describe("outbox redelivery", () => {
  it("writes each row already due at its first redelivery, so an alarm covers it before any send", async () => {
    const rows = await withOutbox(async (o, h) => {
      o.enqueueTerms(terms(1), h.now);
      return h.rows();
    });
    expect(rows).toEqual([{ id: expect.any(Number), attempts: 0, dueInMs: FIRST_MS }]);
  });

  it("sends new rows at once, then redelivers unconfirmed ones after 5 s, 10 s, 20 s … capped at 300 s", async () => {
    const { delays, sends } = await withOutbox(async (o, h) => {
      o.enqueueTerms(terms(1), h.now);
      const delays: number[] = [];
      for (let i = 0; i < 9; i++) {
        await o.drain();
        const [row] = h.rows();
        delays.push(row?.dueInMs ?? -1);
        // Not yet due: a drain now sends nothing.
        h.now += (row?.dueInMs ?? 0) - 1;
        await o.drain();
        h.now += 1;
      }
      return { delays, sends: h.sent.length };
    });
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, REDELIVERY_MAX_MS, 300_000, 300_000]);
    expect(sends).toBe(9);
  });

  it("keeps each row on its own schedule when a batch mixes new rows and rows backing off", async () => {
    const rows = await withOutbox(async (o, h) => {
      o.enqueueTerms(terms(1), h.now);
      for (let i = 0; i < 3; i++) {
        await o.drain();
        h.now += h.rows()[0]?.dueInMs ?? 0;
      }
      o.enqueueSnapshot({ id: "apt_1", version: 1 } as never, h.now);
      await o.drain();
      return h.rows();
    });
    expect(rows.map((r) => [r.attempts, r.dueInMs])).toEqual([
      [4, 40_000],
      [1, 5_000],
    ]);
  });

  it("retries a refused send after 1 s, 2 s, 4 s …, then sends normally", async () => {
    const { delays, sent } = await withOutbox(async (o, h) => {
      o.enqueueTerms(terms(1), h.now);
      h.fail = true;
      const delays: number[] = [];
      for (let i = 0; i < 3; i++) {
        await o.drain();
        delays.push(h.rows()[0]?.dueInMs ?? -1);
        h.now += h.rows()[0]?.dueInMs ?? 0;
      }
      h.fail = false;
      await o.drain();
      return { delays, sent: h.sent.length };
    });
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    expect(sent).toBe(1);
  });

  it("on start, makes old rows sent at most twice due now; recent rows and long-retried rows keep their time", async () => {
    const result = await withOutbox(async (o, h) => {
      const snapshot = (id: string) => o.enqueueSnapshot({ id, version: 1 } as never, h.now);
      snapshot("apt_retried"); // sent three times through an outage: next in 20 s
      for (let i = 0; i < 3; i++) {
        await o.drain();
        if (i < 2) h.now += h.rows()[0]?.dueInMs ?? 0;
      }
      snapshot("apt_sent"); // sent once; its message died with the runtime
      await o.drain();
      snapshot("apt_unsent"); // written, never sent
      h.now += STALE_ON_START_MS;
      snapshot("apt_recent"); // written just before the restart
      // A new instance over the same rows: what a restarted object sees.
      const restarted = new Outbox(h.db, {
        doctorId: () => "doc_x",
        now: () => h.now,
        redeliveryMs: () => FIRST_MS,
        send: async () => undefined,
        onDeferred: () => undefined,
      });
      return { made: restarted.resendStale(h.now), rows: h.rows() };
    });
    expect(result.made).toBe(2);
    expect(result.rows.map((r) => [r.attempts, r.dueInMs])).toEqual([
      [3, 20_000 - STALE_ON_START_MS],
      [1, 0],
      [0, 0],
      [0, FIRST_MS],
    ]);
  });
});
