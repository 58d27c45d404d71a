import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisWithBridge, startRedisWithBridge } from "../../scripts/services/redis-with-bridge.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { api, signer, signInMany } from "../support/api.ts";
import { eventually } from "../support/mongo.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";

type Slots = { slots: { start: string }[] };
type Call = ReturnType<typeof api>;

/** The Kolkata calendar day of a UTC instant (the test doctors work in Asia/Kolkata). */
const localDay = (iso: string) => new Date(Date.parse(iso) + 5.5 * 3_600_000).toISOString().slice(0, 10);

function slotsOf(call: Call, doctorId: string, day: string) {
  // no-cache skips the isolate/edge copy, so X-Cache says what Redis did.
  return call<Slots>("GET", `/api/v1/doctors/${doctorId}/slots?from=${day}&to=${day}`, {
    headers: { "Cache-Control": "no-cache" },
  });
}

/** Until caching works again: a read is answered from Redis (`X-Cache: hit`). */
async function untilCached(call: Call, doctorId: string, day: string) {
  const started = Date.now();
  const hit = await eventually(
    async () => {
      const r = await slotsOf(call, doctorId, day);
      expect(r.status).toBe(200);
      return r.headers.get("X-Cache") === "hit" ? r : null;
    },
    { timeoutMs: 20_000, intervalMs: 100, what: "X-Cache: hit after Redis came back" },
  );
  return { hit, afterMs: Date.now() - started };
}

/** Bookings of distinct slots and uncached reads at once; every status, and how long each kind took. */
async function burst(call: Call, doctorId: string, patients: string[], hoursAhead: number) {
  const day = localDay(slotStart(hoursAhead));
  const timed = async <T>(p: Promise<T>) => {
    const t = performance.now();
    const r = await p;
    return { r, ms: performance.now() - t };
  };
  const started = performance.now();
  const [bookings, reads] = await Promise.all([
    Promise.all(
      patients.map((t, i) =>
        timed(call("POST", "/api/v1/appointments", { token: t, body: { doctorId, start: slotStart(hoursAhead, i) } })),
      ),
    ),
    Promise.all(Array.from({ length: 40 }, () => timed(slotsOf(call, doctorId, day)))),
  ]);
  const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.99) - 1] ?? 0;
  return {
    statuses: [...bookings, ...reads].map((x) => x.r.status),
    bookingStatuses: bookings.map((x) => x.r.status),
    readCache: reads.map((x) => x.r.headers.get("X-Cache")),
    wallMs: performance.now() - started,
    bookingP99Ms: p99(bookings.map((x) => x.ms)),
    readP99Ms: p99(reads.map((x) => x.ms)),
  };
}

describe("Redis stopped or stalled during a burst (circuit breaker)", () => {
  let worker: WorkerProcess;
  let fault: RedisWithBridge;
  let call: Call;
  let admin: string;
  // Sessions live in this worker's own objects: its tokens come from signing in to it.
  const token = signer({ url: () => worker.url, db: () => "prescripto_test_redis_fault" });

  beforeAll(async () => {
    const s = requireServiceEnv();
    fault = await startRedisWithBridge({ dataDir: s.runDir });
    worker = await startTestWorker(
      "redis-fault",
      workerVars("prescripto_test_redis_fault", {
        UPSTASH_REDIS_REST_URL: fault.upstashUrl,
        UPSTASH_REDIS_REST_TOKEN: fault.upstashToken,
      }),
    );
    call = api(worker.url);
    admin = await token("admin_redis_fault", "admin");
  });
  afterAll(async () => {
    await worker?.stop();
    await fault?.close();
  });

  async function doctor(): Promise<string> {
    const doctorId = uniqueDoctorId("redis");
    const res = await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() });
    expect(res.status).toBe(200);
    return doctorId;
  }

  it("keeps booking and reading with Redis stopped, with no 5xx, and caches again within seconds of its return", async () => {
    const doctorId = await doctor();
    const day = localDay(slotStart(6));
    await slotsOf(call, doctorId, day);
    await untilCached(call, doctorId, day);
    const patients = await signInMany(20, (i) => token(`redis_stop_p${i}`));

    await fault.redis.stop();
    const during = await burst(call, doctorId, patients, 6);
    console.log(
      `[redis stopped] ${during.statuses.length} requests in ${during.wallMs.toFixed(0)} ms; ` +
        `booking p99 ${during.bookingP99Ms.toFixed(0)} ms, read p99 ${during.readP99Ms.toFixed(0)} ms`,
    );
    expect(during.statuses.filter((s) => s >= 500)).toEqual([]);
    expect(during.bookingStatuses.every((s) => s === 201)).toBe(true);
    expect(during.readCache.every((c) => c === "bypass")).toBe(true);

    await fault.redis.start();
    const { hit, afterMs } = await untilCached(call, doctorId, day);
    console.log(`[redis stopped] caching resumed ${afterMs} ms after Redis was back`);
    // What was booked during the outage is not offered from the cache.
    const booked = new Set(Array.from({ length: 20 }, (_, i) => slotStart(6, i)));
    expect(hit.body.slots.filter((s) => booked.has(s.start))).toEqual([]);
  }, 120_000);

  it("skips a stalled Redis (SIGSTOP) with no 5xx; after it continues, the entries it kept are invalidated and caching resumes", async () => {
    const doctorId = await doctor();
    // The burst books slotStart(30, i) for i = 0..19, which may run past midnight in the doctor's
    // zone; the first of them is always on the cached day.
    const target = slotStart(30);
    const day = localDay(target);
    await slotsOf(call, doctorId, day);
    // Warm: this day's availability now sits in Redis, and survives the stall.
    const before = await untilCached(call, doctorId, day);
    expect(before.hit.body.slots.map((s) => s.start)).toContain(target);
    const patients = await signInMany(20, (i) => token(`redis_pause_p${i}`));

    fault.redis.pause();
    try {
      const during = await burst(call, doctorId, patients, 30);
      console.log(
        `[redis paused] ${during.statuses.length} requests in ${during.wallMs.toFixed(0)} ms; ` +
          `booking p99 ${during.bookingP99Ms.toFixed(0)} ms, read p99 ${during.readP99Ms.toFixed(0)} ms`,
      );
      expect(during.statuses.filter((s) => s >= 500)).toEqual([]);
      expect(during.bookingStatuses.every((s) => s === 201)).toBe(true);
    } finally {
      fault.redis.resume();
    }

    const { hit, afterMs } = await untilCached(call, doctorId, day);
    console.log(`[redis paused] caching resumed ${afterMs} ms after Redis continued`);
    // The entry cached before the stall listed the target as free; the DO's invalidation sent
    // during the stall was replayed, so the cache does not offer it now.
    expect(hit.body.slots.map((s) => s.start)).not.toContain(target);
  }, 120_000);
});
