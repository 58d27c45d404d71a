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
  RATE_LIMIT_BOOKING: `3/${WINDOW_S}s`,
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
    // Redis unreachable (nothing listens on port 9): limits must fail open, not lock people out.
    startTestWorker(
      "rate-limit-no-redis",
      workerVars(db, { ...LIMITS, RATE_LIMIT_BOOKING: "1/1h", UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" }),
    ),
  ]);
});

// Tokens come from signing in to the worker under test: its sessions live in its own objects.
const signIn = (worker: () => WorkerProcess) => signer({ url: () => worker().url, db: () => inject("mongoDb") });
const limitedToken = signIn(() => limited);
const noRedisToken = signIn(() => noRedis);

afterAll(async () => {
  await Promise.all([limited?.stop(), noRedis?.stop()]);
});

describe("booking rate limit (per patient)", () => {
  it("allows the configured number of bookings, then answers 429 with Retry-After and RateLimit-* headers", async () => {
    const call = api(limited.url);
    const doctorId = uniqueDoctorId("rl");
    const admin = await limitedToken("admin_rl", "admin");
    expect(
      (await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() })).status,
    ).toBe(200);
    const patient = await limitedToken(`rl_p_${unique()}`);
    const other = await limitedToken(`rl_q_${unique()}`);

    await atWindowStart();
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call("POST", "/api/v1/appointments", {
        token: patient,
        body: { doctorId, start: slotStart(5, i) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      expect(res.headers.get("ratelimit-policy")).toBe(`3;w=${WINDOW_S}`);
      remaining.push(res.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);

    const refused = await call<Envelope>("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId, start: slotStart(5, 3) },
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("ratelimit-reset"))).toBe(retryAfter);

    // Refused again (now from the isolate's memory of the refusal, without Redis): same contract.
    const again429 = await call<Envelope>("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId, start: slotStart(5, 3) },
      headers: { "Idempotency-Key": `rl-${unique()}` },
    });
    expect(again429.status).toBe(429);
    expect(again429.body.error.code).toBe("RATE_LIMITED");
    expect(again429.headers.get("ratelimit-limit")).toBe("3");
    expect(again429.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(again429.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    // The refused request took nothing: another patient books that very slot, in the same window.
    const otherBooking = await call("POST", "/api/v1/appointments", {
      token: other,
      body: { doctorId, start: slotStart(5, 3) },
    });
    expect(otherBooking.status).toBe(201);
    expect(otherBooking.headers.get("ratelimit-remaining")).toBe("2");

    // After Retry-After the quota is back.
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
    const again = await call("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId, start: slotStart(5, 4) },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.headers.get("ratelimit-remaining")).toBe("2");
  }, 60_000);

  it("counts requests that fail validation too, and a refused booking with an Idempotency-Key is not replayed", async () => {
    const call = api(limited.url);
    const doctorId = uniqueDoctorId("rl-v");
    const admin = await limitedToken("admin_rl", "admin");
    expect(
      (await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() })).status,
    ).toBe(200);
    const patient = await limitedToken(`rl_v_${unique()}`);
    await atWindowStart();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await call("POST", "/api/v1/appointments", { token: patient, body: { doctorId: "nope" } })).status,
      );
    }
    expect(statuses).toEqual([400, 400, 400]);
    const body = { doctorId, start: slotStart(7) };
    const headers = { "Idempotency-Key": `rl-${unique()}` };
    const refused = await call("POST", "/api/v1/appointments", { token: patient, body, headers });
    expect(refused.status).toBe(429);

    // The 429 was not recorded under the key: the same request, after the window, books.
    await new Promise((r) => setTimeout(r, Number(refused.headers.get("retry-after")) * 1000 + 100));
    const retried = await call("POST", "/api/v1/appointments", { token: patient, body, headers });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    const replayed = await call("POST", "/api/v1/appointments", { token: patient, body, headers });
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
  }, 30_000);

  it("fails open when Redis is unreachable: bookings go through without RateLimit headers", async () => {
    const call = api(noRedis.url);
    const doctorId = uniqueDoctorId("rl-open");
    const admin = await noRedisToken("admin_rl", "admin");
    expect(
      (await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() })).status,
    ).toBe(200);
    const patient = await noRedisToken(`rl_open_${unique()}`);
    for (let i = 0; i < 3; i++) {
      // The limit is 1 an hour: without fail-open the second booking would be refused.
      const res = await call("POST", "/api/v1/appointments", {
        token: patient,
        body: { doctorId, start: slotStart(6, i) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.headers.get("ratelimit-limit")).toBeNull();
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
