import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { api, signer } from "../support/api.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";

type Envelope = { error: { code: string; message: string } };

/**
 * A worker of its own with low limits and short windows. Windows are fixed and aligned to the
 * epoch, so every test starts right after a window boundary to have the whole window to itself.
 */
const WINDOW_S = 6;
const LIMITS = {
  RATE_LIMIT_BOOKING: "20/1m",
  RATE_LIMIT_AUTH_IP: `5/${WINDOW_S}s`,
  RATE_LIMIT_AUTH_ACCOUNT: `3/${WINDOW_S}s`,
};

async function atWindowStart(): Promise<void> {
  const into = Date.now() % (WINDOW_S * 1000);
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000 - into + 50));
}

const unique = () => crypto.randomUUID().slice(0, 8);
// A fresh documentation-range address per call (Redis is new for every test run), so per-IP
// buckets never collide; other test files send none.
let lastIp = 0;
const testIp = () => `198.51.${100 + Math.floor(++lastIp / 250)}.${(lastIp % 250) + 1}`;

let limited: WorkerProcess;
let noRedis: WorkerProcess;

beforeAll(async () => {
  const db = inject("mongoDb");
  [limited, noRedis] = await Promise.all([
    startTestWorker("rate-limited", workerVars(db, LIMITS)),
    // Redis unreachable (nothing listens on port 9): auth limits fail open; bookings never ask it.
    startTestWorker("rate-limit-no-redis", workerVars(db, { ...LIMITS, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" })),
  ]);
});

// Tokens come from signing in to the worker under test: its sessions live in its own objects.
const signIn = (worker: () => WorkerProcess) => signer({ url: () => worker().url, db: () => inject("mongoDb") });
const limitedToken = signIn(() => limited);
const noRedisToken = signIn(() => noRedis);

afterAll(async () => {
  await Promise.all([limited?.stop(), noRedis?.stop()]);
});

/** wrangler.toml's [ratelimits.simple] for BOOKING_LIMITER; the setting mirrors it for Retry-After. */
const BOOKING_LIMIT = 20;
const BOOKING_PERIOD_S = 60;

/** The binding's windows are aligned to the wall clock: start a burst with most of a window left. */
async function withTimeLeftInBookingWindow(seconds: number): Promise<void> {
  const left = BOOKING_PERIOD_S * 1000 - (Date.now() % (BOOKING_PERIOD_S * 1000));
  if (left < seconds * 1000) await new Promise((r) => setTimeout(r, left + 50));
}

describe("booking flood control (the Rate Limiting binding, per caller)", () => {
  it("refuses the caller's request past the limit with 429 and Retry-After, before the DO and the Idempotency-Key", async () => {
    const call = api(limited.url);
    const doctorId = uniqueDoctorId("rl");
    const admin = await limitedToken("admin_rl", "admin");
    expect(
      (await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() })).status,
    ).toBe(200);
    const patient = await limitedToken(`rl_p_${unique()}`);
    const other = await limitedToken(`rl_q_${unique()}`);

    await withTimeLeftInBookingWindow(30);
    // Requests that fail validation count too: the check runs before the body is read.
    const statuses: number[] = [];
    for (let i = 0; i < BOOKING_LIMIT; i++) {
      statuses.push(
        (await call("POST", "/api/v1/appointments", { token: patient, body: { doctorId: "nope" } })).status,
      );
    }
    expect(statuses).toEqual(Array(BOOKING_LIMIT).fill(400));

    const body = { doctorId, start: slotStart(5, 3) };
    const headers = { "Idempotency-Key": `rl-${unique()}` };
    const refused = await call<Envelope>("POST", "/api/v1/appointments", { token: patient, body, headers });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect(refused.headers.get("retry-after")).toBe(String(BOOKING_PERIOD_S));

    // The refused request took nothing: another caller books that very slot, in the same window.
    const otherBooking = await call("POST", "/api/v1/appointments", { token: other, body });
    expect(otherBooking.status, JSON.stringify(otherBooking.body)).toBe(201);

    // Nor was it recorded under its key: in the next window the same key runs afresh (and now
    // meets the slot the other patient took), and its answer is what a replay gives back.
    const left = BOOKING_PERIOD_S * 1000 - (Date.now() % (BOOKING_PERIOD_S * 1000));
    await new Promise((r) => setTimeout(r, left + 50));
    const retried = await call<Envelope>("POST", "/api/v1/appointments", { token: patient, body, headers });
    expect(retried.status, JSON.stringify(retried.body)).toBe(409);
    expect(retried.body.error.code).toBe("SLOT_TAKEN");
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    const other2 = { doctorId, start: slotStart(5, 4) };
    const booked = await call("POST", "/api/v1/appointments", {
      token: patient,
      body: other2,
      headers: { "Idempotency-Key": `rl-${unique()}` },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  }, 150_000);

  it("counts per caller: another patient is not limited by the first one's flood", async () => {
    const call = api(limited.url);
    const flooder = await limitedToken(`rl_f_${unique()}`);
    const bystander = await limitedToken(`rl_b_${unique()}`);
    await withTimeLeftInBookingWindow(20);
    for (let i = 0; i <= BOOKING_LIMIT; i++) {
      await call("POST", "/api/v1/appointments", { token: flooder, body: { doctorId: "nope" } });
    }
    const flooded = await call("POST", "/api/v1/appointments", { token: flooder, body: { doctorId: "nope" } });
    expect(flooded.status).toBe(429);
    const fine = await call("POST", "/api/v1/appointments", { token: bystander, body: { doctorId: "nope" } });
    expect(fine.status).toBe(400);
  }, 90_000);

  it("needs no Redis: with Redis unreachable, bookings go through", async () => {
    const call = api(noRedis.url);
    const doctorId = uniqueDoctorId("rl-open");
    const admin = await noRedisToken("admin_rl", "admin");
    expect(
      (await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() })).status,
    ).toBe(200);
    const patient = await noRedisToken(`rl_open_${unique()}`);
    for (let i = 0; i < 3; i++) {
      const res = await call("POST", "/api/v1/appointments", {
        token: patient,
        body: { doctorId, start: slotStart(6, i) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }, 30_000);
});

describe("auth rate limits (per client IP and per account)", () => {
  const password = "tangerine-otter-41-lamp";

  async function register(call: ReturnType<typeof api>): Promise<string> {
    const email = `rl-${unique()}@example.com`;
    const res = await call("POST", "/api/v1/auth/register", {
      body: { name: "Rate Limited", email, password },
      headers: { "CF-Connecting-IP": testIp() },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return email;
  }

  it("refuses a 4th login for one account inside the window, from any IP, even with the right password", async () => {
    const call = api(limited.url);
    const email = await register(call);
    await atWindowStart();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call("POST", "/api/v1/auth/login", {
        body: { email, password: "wrong-password-123" },
        headers: { "CF-Connecting-IP": testIp() },
      });
      statuses.push(res.status);
    }
    const right = await call<Envelope>("POST", "/api/v1/auth/login", {
      body: { email: email.toUpperCase(), password },
      headers: { "CF-Connecting-IP": testIp() },
    });
    expect(statuses).toEqual([401, 401, 401]);
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe("RATE_LIMITED");
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    // Another account is not affected.
    const otherEmail = await register(call);
    const other = await call("POST", "/api/v1/auth/login", {
      body: { email: otherEmail, password },
      headers: { "CF-Connecting-IP": testIp() },
    });
    expect(other.status).toBe(200);
  }, 60_000);

  it("refuses a client IP after its quota of auth calls, whichever accounts and routes it tries", async () => {
    const call = api(limited.url);
    const ip = testIp();
    await atWindowStart();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const route = i % 2 === 0 ? "/api/v1/auth/login" : "/api/v1/auth/refresh";
      const body =
        route === "/api/v1/auth/login"
          ? { email: `nobody-${unique()}@example.com`, password: "wrong-password-123" }
          : { refreshToken: `not-a-token-${unique()}` };
      statuses.push((await call("POST", route, { body, headers: { "CF-Connecting-IP": ip } })).status);
    }
    const refused = await call<Envelope>("POST", "/api/v1/auth/login", {
      body: { email: `nobody-${unique()}@example.com`, password: "wrong-password-123" },
      headers: { "CF-Connecting-IP": ip },
    });
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-limit")).toBe("5");

    // Another address still gets in.
    const elsewhere = await call("POST", "/api/v1/auth/login", {
      body: { email: `nobody-${unique()}@example.com`, password: "wrong-password-123" },
      headers: { "CF-Connecting-IP": testIp() },
    });
    expect(elsewhere.status).toBe(401);
  }, 30_000);
});
