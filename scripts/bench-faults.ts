import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { signAccessToken } from "../worker/kernel/auth/access-token.ts";
import { adminIdOf } from "../worker/kernel/auth/admins.ts";
import { randomId } from "../worker/kernel/auth/refresh-token.ts";
import { keyRing, SigningKeys } from "../worker/kernel/auth/signing-keys.ts";
import { adminAccountsSecret, generateSigningKey, randomPassword, signingKeysSecret } from "./auth-keys.ts";
import { buildWeb } from "./build-web.ts";
import { startServices } from "./services/index.ts";
import { freePort, LOOPBACK } from "./services/ports.ts";
import { startRedisWithBridge } from "./services/redis-with-bridge.ts";
import { PROJECT_ROOT } from "./worker-process.ts";

/**
 * `npm run bench:faults`: what a Redis outage costs the Worker, in workerd via Miniflare on
 * loopback. Measures uncached public reads and bookings with Redis up (the reference), then with
 * its Redis stopped (connections refused behind the REST bridge) and paused (SIGSTOP: a stall,
 * nothing answers), and how long after Redis returns reads are served from Redis again. Prints
 * ratios against the same run's reference; asserts nothing. BENCH_FAULT_SECONDS (default 4) and
 * BENCH_CONNECTIONS (default 10) tune it; the whole run is bounded (about a minute plus the build).
 */
const seconds = Number(process.env.BENCH_FAULT_SECONDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const log = (m: string) => console.log(`[bench:faults] ${m}`);
const dir = join(PROJECT_ROOT, ".data", "bench-faults");
rmSync(dir, { recursive: true, force: true });

const services = await startServices({ dataDir: join(dir, "services"), log });
// A Redis of its own, so stopping and pausing it touches nothing else.
const fault = await startRedisWithBridge({ dataDir: join(dir, "services"), log });
const dbName = "prescripto_bench_faults";

await buildWeb(log);
log("bundling the Worker (wrangler deploy --dry-run)");
const buildDir = join(dir, "build");
execFileSync(
  process.execPath,
  [join(PROJECT_ROOT, "node_modules", "wrangler", "bin", "wrangler.js"), "deploy", "--dry-run", "--outdir", buildDir],
  {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  },
);

const admin = { email: "admin@faults.prescripto.test", name: "Bench Admin", password: randomPassword() };
const secrets = {
  MONGODB_URI: services.mongoUri,
  UPSTASH_REDIS_REST_URL: fault.upstashUrl,
  UPSTASH_REDIS_REST_TOKEN: fault.upstashToken,
  AUTH_SIGNING_KEYS: signingKeysSecret([generateSigningKey("bench-faults")]),
  ADMIN_ACCOUNTS: await adminAccountsSecret([admin]),
};
Object.assign(process.env, secrets);
const { workerOptions } = unstable_getMiniflareWorkerOptions(join(PROJECT_ROOT, "wrangler.toml"));
const { modulesRules: _rules, ...options } = workerOptions as typeof workerOptions & { modulesRules?: unknown };
const modules = readdirSync(buildDir)
  .filter((f) => f.endsWith(".js") || f.endsWith(".sql"))
  .map((f) => ({ type: f.endsWith(".sql") ? "Text" : "ESModule", path: join(buildDir, f) }))
  .sort((a) => (a.path.endsWith("index.js") ? -1 : 1));
// Durable Object storage on tmpfs, as in the main bench: the disk is not what is measured here.
const tmpfsDir = existsSync("/dev/shm") ? mkdtempSync("/dev/shm/prescripto-bench-faults-") : undefined;
const mf = new Miniflare(
  convertV4MiniflareOptions({
    ...(options as object),
    assets: undefined,
    name: "prescripto-edge",
    rootPath: buildDir,
    modules,
    modulesRoot: buildDir,
    bindings: {
      ...(options.bindings ?? {}),
      ...secrets,
      APP_ENV: "test",
      BUILD_VERSION: "bench-faults",
      MONGODB_DB: dbName,
      LOG_LEVEL: "warn",
      RATE_LIMIT_AUTH_IP: "100000000/1m",
      RATE_LIMIT_AUTH_ACCOUNT: "100000000/1m",
      RATE_LIMIT_BOOKING: "100000000/1m",
    },
    host: LOOPBACK,
    port: await freePort(),
    resourcePersistencePath: tmpfsDir,
  } as unknown as Parameters<typeof convertV4MiniflareOptions>[0]),
);
const url = (await mf.ready).toString().replace(/\/$/, "");

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  x5xx: number;
  errors: number;
}
type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };

async function benchToken(sub: string, role: "patient" | "admin"): Promise<string> {
  const ring = await keyRing(SigningKeys.parse(secrets.AUTH_SIGNING_KEYS));
  const vars = (options.bindings ?? {}) as Record<string, unknown>;
  const claims = { sub, role, sid: randomId() };
  const lifetime = { issuer: String(vars.AUTH_ISSUER), audience: String(vars.AUTH_AUDIENCE), ttlSeconds: 900 };
  return (await signAccessToken(ring, claims, lifetime)).token;
}

async function measure(name: string, setupRequest: (req: Request) => Request): Promise<Figures> {
  const opts = {
    url,
    connections,
    requests: [{ setupRequest } as unknown as autocannon.Request],
  };
  await autocannon({ ...opts, duration: 2 });
  const r = await autocannon({ ...opts, duration: seconds });
  const figures = {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    x5xx: r["5xx"],
    errors: r.errors + r.timeouts,
  };
  log(`${name}: ${figures.rps.toFixed(0)} req/s, p50 ${figures.p50} p99 ${figures.p99} ms, 5xx ${figures.x5xx}`);
  return figures;
}

const FIVE_MIN = 5 * 60_000;
const allDay = [{ start: "00:00", end: "24:00" }];
const doctorId = "doc_bench-faults";
/** Reads spread over doctors × days, so that every read in a run asks Redis for a key it lacks. */
const readDoctors = Array.from({ length: 40 }, (_, i) => `doc_bench-faults-read-${i}`);
const readDoctor = readDoctors[0] as string;

async function configure(id: string, adminToken: string, slotMinutes = 5): Promise<void> {
  const res = await fetch(`${url}/api/v1/doctors/${id}/schedule`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      timeZone: "Asia/Kolkata",
      slotMinutes,
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 365,
      weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      feePaise: 50_000,
    }),
  });
  if (res.status !== 200) throw new Error(`configure ${id}: ${res.status} ${await res.text()}`);
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Uncached public reads: every request asks for a doctor's day not asked before (a Redis miss). */
function uncachedReads() {
  let n = 0;
  return (req: Request): Request => {
    const i = n++;
    const doctor = readDoctors[i % readDoctors.length];
    const day = isoDay(1 + (Math.floor(i / readDoctors.length) % 360));
    return {
      ...req,
      method: "GET",
      path: `/api/v1/doctors/${doctor}/slots?from=${day}&to=${day}`,
      // Skips the isolate/edge copy, so each read reaches the Redis cache-aside path.
      headers: { "Cache-Control": "no-cache" },
    };
  };
}

function bookings(tokens: string[]) {
  let n = 0;
  const first = Math.ceil((Date.now() + 3_600_000) / FIVE_MIN) * FIVE_MIN;
  return (req: Request): Request => {
    const i = n++;
    return {
      ...req,
      method: "POST",
      path: "/api/v1/appointments",
      headers: { Authorization: `Bearer ${tokens[i % tokens.length]}`, "Content-Type": "application/json" },
      body: JSON.stringify({ doctorId, start: new Date(first + i * FIVE_MIN).toISOString() }),
    };
  };
}

/** Milliseconds from now until a read is answered by Redis again (`X-Cache: hit`), polling. */
async function untilCachingResumes(): Promise<number> {
  const started = Date.now();
  const path = `/api/v1/doctors/${readDoctor}/slots?from=${isoDay(364)}&to=${isoDay(364)}`;
  while (Date.now() - started < 30_000) {
    const res = await fetch(`${url}${path}`, { headers: { "Cache-Control": "no-cache" } });
    await res.arrayBuffer();
    if (res.headers.get("X-Cache") === "hit") return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Number.NaN;
}

try {
  const adminToken = await benchToken(await adminIdOf(admin.email), "admin");
  const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => benchToken(`faults_p${i}`, "patient")));
  await configure(doctorId, adminToken);
  for (const id of readDoctors) await configure(id, adminToken, 30);

  const rows: { fault: string; reads: Figures; books: Figures; resumedMs: number | null }[] = [];
  const reads = uncachedReads();
  const books = bookings(tokens);
  rows.push({
    fault: "none (reference)",
    reads: await measure("uncached reads, Redis up", reads),
    books: await measure("bookings, Redis up", books),
    resumedMs: null,
  });

  log("stopping Redis");
  await fault.redis.stop();
  const stoppedReads = await measure("reads, Redis stopped", reads);
  const stoppedBooks = await measure("bookings, Redis stopped", books);
  await fault.redis.start();
  rows.push({ fault: "stopped", reads: stoppedReads, books: stoppedBooks, resumedMs: await untilCachingResumes() });

  log("pausing Redis (SIGSTOP)");
  fault.redis.pause();
  let pausedReads: Figures;
  let pausedBooks: Figures;
  try {
    pausedReads = await measure("reads, Redis paused", reads);
    pausedBooks = await measure("bookings, Redis paused", books);
  } finally {
    fault.redis.resume();
  }
  rows.push({
    fault: "paused (SIGSTOP)",
    reads: pausedReads,
    books: pausedBooks,
    resumedMs: await untilCachingResumes(),
  });

  const ref = rows[0] as (typeof rows)[number];
  console.log(
    `\nPrescripto Edge fault benchmark — workerd via Miniflare, ${connections} connections, ${seconds} s per scenario`,
  );
  console.log(
    "Redis fault          read req/s  read p50  read p99  p99 × ref miss   booking req/s  × ref   booking p99   5xx   caching resumed after",
  );
  for (const r of rows) {
    console.log(
      `${r.fault.padEnd(20)} ${r.reads.rps.toFixed(0).padStart(11)} ${String(r.reads.p50).padStart(9)} ${String(r.reads.p99).padStart(9)} ${(r.reads.p99 / Math.max(1, ref.reads.p99)).toFixed(2).padStart(15)} ${r.books.rps.toFixed(0).padStart(15)} ${(r.books.rps / Math.max(1, ref.books.rps)).toFixed(2).padStart(6)} ${String(r.books.p99).padStart(13)} ${String(r.reads.x5xx + r.books.x5xx).padStart(5)}   ${r.resumedMs === null ? "—" : `${r.resumedMs} ms`}`,
    );
  }
  console.log("Goals (issue 16): read p99 ≤ 2× the reference miss; bookings ≥ 0.8× the reference; no 5xx.");
} finally {
  await mf.dispose();
  await fault.close();
  await services.stop();
  if (tmpfsDir) rmSync(tmpfsDir, { recursive: true, force: true });
}
