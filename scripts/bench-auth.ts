import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { fakeEnv } from "../tests/support/fake-env.ts";
import { requireRole } from "../worker/http/middleware/auth.ts";
import { requestContext } from "../worker/http/middleware/context.ts";
import { BookBody } from "../worker/http/routes/appointments.routes.ts";
import type { AppEnv } from "../worker/http/types.ts";
import { validate } from "../worker/http/validate.ts";
import { signAccessToken, verifyAccessToken } from "../worker/kernel/auth/access-token.ts";
import { hashPassword } from "../worker/kernel/auth/passwords.ts";
import { randomId } from "../worker/kernel/auth/refresh-token.ts";
import { keyRing, SigningKeys } from "../worker/kernel/auth/signing-keys.ts";
import { adminAccountsSecret, generateSigningKey, randomPassword, signingKeysSecret } from "./auth-keys.ts";
import { startServices } from "./services/index.ts";
import { PROJECT_ROOT, startWorker } from "./worker-process.ts";

/**
 * `npm run bench` (second part), or `node scripts/bench-auth.ts` alone. Two figures for accounts:
 *
 * 1. CPU per request of authentication plus validation: ES256 access-token verification (jose on
 *    WebCrypto, claims checked with zod) and a booking body's validation, in process (Node's V8 and
 *    WebCrypto, the same engines workerd uses), with process.cpuUsage over many iterations. Both the
 *    first sight of a token (signature verified) and later requests (isolate cache) are measured,
 *    then the whole middleware chain on a Hono app with the session check answered from cache.
 * 2. Sign-in latency with PBKDF2 at the configured cost, through the real Worker in workerd
 *    (`wrangler dev`) against the local Redis (rate limits) and MongoDB, one request at a time.
 *
 * Prints figures; asserts nothing. BENCH_AUTH_LOGINS (default 40) sets the number of sign-ins.
 */
const log = (m: string) => console.log(`[bench-auth] ${m}`);
const logins = Number(process.env.BENCH_AUTH_LOGINS ?? 40);
const ISSUER = "https://bench.prescripto.test";
const AUDIENCE = "bench-api";

function cpuMicros(iterations: number, fn: () => unknown): number {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / iterations;
}

async function cpuMicrosAsync(iterations: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await fn(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / iterations;
}

/** The cost the Worker runs with: wrangler.toml's PASSWORD_KDF_ITERATIONS (not overridden here). */
function kdfIterationsSetting(): string {
  const toml = readFileSync(join(PROJECT_ROOT, "wrangler.toml"), "utf8");
  const value = /^PASSWORD_KDF_ITERATIONS = "(\d+)"/m.exec(toml)?.[1];
  if (!value) throw new Error("PASSWORD_KDF_ITERATIONS not found in wrangler.toml");
  return value;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;

// ── 1. CPU per request ─────────────────────────────────────────────────────────────────────────
const signingKeys = signingKeysSecret([generateSigningKey("bench")]);
const ring = await keyRing(SigningKeys.parse(signingKeys));
const settings = { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900 };
const N = 2_000;
const tokens = await Promise.all(
  Array.from(
    { length: N },
    async (_, i) =>
      (await signAccessToken(ring, { sub: `usr_b${i}`, role: "patient", sid: randomId() }, settings)).token,
  ),
);
// Warm up the JIT on other tokens first.
for (let i = 0; i < 500; i++) await verifyAccessToken(ring, tokens[i % 50] as string, settings);
const coldVerify = await cpuMicrosAsync(N - 50, (i) => verifyAccessToken(ring, tokens[50 + i] as string, settings));
const cachedVerify = await cpuMicrosAsync(20_000, () => verifyAccessToken(ring, tokens[60] as string, settings));

// The booking body, validated by the appointments route's own schema.
const body = { doctorId: "doc_asha-rao", start: "2031-03-04T05:30:00.000Z" };
const validation = cpuMicros(50_000, () => BookBody.safeParse(body));

// The whole chain in Hono: request id, config, logger, bearer parsing, verification, the session
// check (cached, as on every request but the first few seconds of a session) and body validation.
const env = fakeEnv({
  AUTH_SIGNING_KEYS: signingKeys,
  AUTH_ISSUER: ISSUER,
  AUTH_AUDIENCE: AUDIENCE,
  SESSION_CHECK_CACHE_SECONDS: "60",
  MAX_BODY_BYTES: "65536",
  ACCOUNT_SESSIONS: {
    idFromName: (name: string) => name,
    get: () => ({ check: async () => ({ active: true }) }),
  },
});
const app = new Hono<AppEnv>();
app.use("*", async (c, next) => {
  c.set("requestId", "bench");
  await next();
});
app.use("*", requestContext());
app.post("/open", validate("json", BookBody), (c) => c.json({ ok: true }));
app.post("/protected", requireRole("patient"), validate("json", BookBody), (c) => c.json({ ok: true }));
const request = (path: string, token?: string) =>
  app.request(
    path,
    {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    },
    env,
  );
// Request logging goes to stdout at info; the bench config says "error", so nothing is printed.
// Alternating rounds (median of each), so JIT warm-up and machine noise hit both routes alike.
const openRounds: number[] = [];
const protectedRounds: number[] = [];
for (let round = 0; round < 7; round++) {
  openRounds.push(await cpuMicrosAsync(2_000, async () => (await request("/open")).arrayBuffer()));
  protectedRounds.push(await cpuMicrosAsync(2_000, async () => (await request("/protected", tokens[0])).arrayBuffer()));
}
const openRoute = percentile(openRounds, 50);
const protectedRoute = percentile(protectedRounds, 50);
const freshTokens = await Promise.all(
  Array.from(
    { length: 1_000 },
    async (_, i) =>
      (await signAccessToken(ring, { sub: `usr_f${i}`, role: "patient", sid: randomId() }, settings)).token,
  ),
);
const protectedFirstSight = await cpuMicrosAsync(1_000, async (i) =>
  (await request("/protected", freshTokens[i])).arrayBuffer(),
);

// The KDF alone, wall time (WebCrypto's PBKDF2 runs off the main thread in Node).
const kdfMs: number[] = [];
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  await hashPassword("a-bench-password", Number(kdfIterationsSetting()));
  kdfMs.push(performance.now() - t0);
}

// ── 2. Sign-in latency through the Worker ──────────────────────────────────────────────────────
const dir = join(PROJECT_ROOT, ".data", "bench-auth");
rmSync(dir, { recursive: true, force: true });
const services = await startServices({ dataDir: join(dir, "services"), log });
const admin = { email: "admin@bench.prescripto.test", name: "Bench Admin", password: randomPassword() };
const worker = await startWorker({
  persistDir: join(dir, "workerd"),
  logFile: join(dir, "worker.log"),
  vars: {
    APP_ENV: "test",
    BUILD_VERSION: "bench-auth",
    LOG_LEVEL: "warn",
    MONGODB_URI: services.mongoUri,
    MONGODB_DB: "prescripto_bench_auth",
    UPSTASH_REDIS_REST_URL: services.upstashUrl,
    UPSTASH_REDIS_REST_TOKEN: services.upstashToken,
    AUTH_SIGNING_KEYS: signingKeys,
    ADMIN_ACCOUNTS: await adminAccountsSecret([admin]),
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    RATE_LIMIT_AUTH_IP: "100000/1m",
    RATE_LIMIT_AUTH_ACCOUNT: "100000/1m",
  },
});
const kdfIterations = kdfIterationsSetting();
try {
  const post = async (path: string, payload: unknown) => {
    const t0 = performance.now();
    const res = await fetch(`${worker.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
    const text = await res.text();
    return { ms: performance.now() - t0, status: res.status, text };
  };
  const email = `bench.${Date.now()}@bench.prescripto.test`;
  const password = randomPassword();
  const registered = await post("/api/v1/auth/register", { name: "Bench Patient", email, password });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${registered.text}`);
  const series = async (label: string, payload: unknown, expected: number) => {
    for (let i = 0; i < 3; i++) await post("/api/v1/auth/login", payload); // warm-up
    const times: number[] = [];
    for (let i = 0; i < logins; i++) {
      const r = await post("/api/v1/auth/login", payload);
      if (r.status !== expected) throw new Error(`${label}: ${r.status} ${r.text}`);
      times.push(r.ms);
    }
    return { label, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
  };
  const rows = [
    await series("sign-in, right password", { email, password }, 200),
    await series("sign-in, wrong password", { email, password: `${password}x` }, 401),
    await series("sign-in, unknown email", { email: `nobody.${email}`, password }, 401),
    await series("sign-in, malformed body (no KDF)", { email: "not-an-email", password }, 400),
  ];

  console.log("\nPrescripto Edge — accounts benchmark");
  console.log("CPU per request (Node 24 in process; V8 + WebCrypto as in workerd), microseconds:");
  console.log(`  ES256 access token, first sight (signature + claims)   ${coldVerify.toFixed(0).padStart(6)} µs`);
  console.log(`  same token again (isolate cache)                        ${cachedVerify.toFixed(1).padStart(6)} µs`);
  console.log(`  booking body validation (zod)                           ${validation.toFixed(1).padStart(6)} µs`);
  console.log(`  Hono chain, unauthenticated route + validation          ${openRoute.toFixed(0).padStart(6)} µs`);
  console.log(`  Hono chain, authenticated route + validation (cached)   ${protectedRoute.toFixed(0).padStart(6)} µs`);
  console.log(
    `  Hono chain, authenticated, token never seen before      ${protectedFirstSight.toFixed(0).padStart(6)} µs`,
  );
  console.log(
    `  → authentication + validation adds ${(protectedRoute - openRoute).toFixed(0)} µs per request (cached token), ${(protectedFirstSight - openRoute).toFixed(0)} µs on a token's first request`,
  );
  console.log(
    `  PBKDF2-SHA256 × ${kdfIterations} alone (wall time, Node)        ${percentile(kdfMs, 50).toFixed(1).padStart(6)} ms`,
  );
  console.log(
    `\nSign-in latency through workerd (wrangler dev), PBKDF2-SHA256 at ${kdfIterations} iterations, ${logins} sequential requests each, ms:`,
  );
  console.log("  scenario                              p50      p95      max");
  for (const r of rows) {
    console.log(
      `  ${r.label.padEnd(36)} ${r.p50.toFixed(1).padStart(6)}   ${r.p95.toFixed(1).padStart(6)}   ${r.max.toFixed(1).padStart(6)}`,
    );
  }
} finally {
  await worker.stop();
  await services.stop();
}
