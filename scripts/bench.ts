import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { adminAccountsSecret, generateSigningKey, randomPassword, signingKeysSecret } from "./auth-keys.ts";
import { contentionBurst } from "./bench-contention.ts";
import { cpuSnapshot, cpuSpentMs } from "./bench-cpu.ts";
import { onboardBenchDoctors } from "./bench-doctors.ts";
import { WriteBehindLag } from "./bench-lag.ts";
import { type FlowFigures, holdPayVerify, plainBookings } from "./bench-payments.ts";
import { IsolateProfiler } from "./bench-profile.ts";
import { bareDurableObjectFloor, helloWorldFloor, rateLimitBindingFloor } from "./bench-references.ts";
import { type Figures, goals, printGoals, type RunFigures, SCENARIO, writeJson } from "./bench-report.ts";
import { buildWeb } from "./build-web.ts";
import { demoSchedule } from "./demo-schedules.ts";
import { seedDemoDoctors } from "./seed.ts";
import { startServices } from "./services/index.ts";
import { freePort, LOOPBACK } from "./services/ports.ts";
import { signInAs } from "./sign-in.ts";
import { PROJECT_ROOT } from "./worker-process.ts";

/**
 * `npm run bench`: throughput and latency of the Worker running in workerd directly (Miniflare,
 * not behind wrangler dev's proxy), against the real local services. Prints figures and ratios
 * against a trivial GET measured in the same run; asserts nothing (these machines are noisy).
 * BENCH_SECONDS (default 8) and BENCH_CONNECTIONS (default 10) tune the runs. For profiling,
 * BENCH_ONLY=<text> runs only the scenarios whose name contains it (the baseline always runs) and
 * BENCH_INSPECT=<port> opens workerd's V8 inspector on that port (Chrome DevTools Protocol).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const only = process.env.BENCH_ONLY;
const inspectorPort = process.env.BENCH_INSPECT ? Number(process.env.BENCH_INSPECT) : undefined;
const log = (m: string) => console.log(`[bench] ${m}`);
const dir = join(PROJECT_ROOT, ".data", "bench");
rmSync(dir, { recursive: true, force: true });

const services = await startServices({ dataDir: join(dir, "services"), log });
const dbName = "prescripto_bench";
await seedDemoDoctors(services.mongoUri, dbName);

// wrangler refuses to bundle without the assets directory, so a fresh clone builds the web app first.
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

const benchAdmin = { email: "admin@bench.prescripto.test", name: "Bench Admin", password: randomPassword() };
const secrets = {
  MONGODB_URI: services.mongoUri,
  UPSTASH_REDIS_REST_URL: services.upstashUrl,
  UPSTASH_REDIS_REST_TOKEN: services.upstashToken,
  // Made for this run only.
  AUTH_SIGNING_KEYS: signingKeysSecret([generateSigningKey("bench")]),
  ADMIN_ACCOUNTS: await adminAccountsSecret([benchAdmin]),
};
Object.assign(process.env, secrets);
const { workerOptions } = unstable_getMiniflareWorkerOptions(join(PROJECT_ROOT, "wrangler.toml"));
const { modulesRules: _rules, ...options } = workerOptions as typeof workerOptions & { modulesRules?: unknown };
// The bundle is index.js plus the migrations' .sql files, imported as text modules.
const modules = readdirSync(buildDir)
  .filter((f) => f.endsWith(".js") || f.endsWith(".sql"))
  .map((f) => ({ type: f.endsWith(".sql") ? "Text" : "ESModule", path: join(buildDir, f) }))
  .sort((a) => (a.path.endsWith("index.js") ? -1 : 1));
/**
 * In-memory Durable Object storage: on this VM a file-backed SQLite commit (fsync) per write
 * dominates and says more about the disk than about the code. Miniflare keeps DO storage (and its
 * other local state) as SQLite files under resourcePersistencePath, else in the OS temp dir, which
 * is on disk here; so the bench puts them on tmpfs when there is one. BENCH_PERSIST=1 measures on
 * disk. (Miniflare has no in-memory storage for SQLite-backed Durable Objects.)
 */
const tmpfsDir =
  process.env.BENCH_PERSIST !== "1" && existsSync("/dev/shm") ? mkdtempSync("/dev/shm/prescripto-bench-") : null;
const storage: { path: string | undefined; label: string } =
  process.env.BENCH_PERSIST === "1"
    ? { path: join(dir, "persist"), label: "on disk" }
    : tmpfsDir
      ? { path: tmpfsDir, label: "in memory (tmpfs)" }
      : { path: undefined, label: "in the OS temp dir" };
const port = await freePort();
/** The Worker's options; `vars` override its variables (the ablation run turns the booking limit off). */
const workerdOptions = (vars: Record<string, string> = {}) =>
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
      BUILD_VERSION: "bench",
      MONGODB_DB: dbName,
      // Bookings send email: to the local Resend stand-in, never the real provider.
      EMAIL_API_BASE: services.mailUrl,
      EMAIL_API_KEY: "bench-mail-key",
      // Request logging off for the measurement (same for every scenario).
      LOG_LEVEL: "warn",
      // Limits still checked on every call (their cost is part of the figures) but never reached.
      RATE_LIMIT_AUTH_IP: "100000000/1m",
      RATE_LIMIT_AUTH_ACCOUNT: "100000000/1m",
      RATE_LIMIT_BOOKING: "100000000/1m",
      ...vars,
    },
    // Booking flood control (the Rate Limiting binding) still checked on every booking, never reached.
    ratelimits: { BOOKING_LIMITER: { namespace_id: "1001", simple: { limit: 100_000_000, period: 60 } } },
    host: LOOPBACK,
    port,
    ...(inspectorPort ? { inspectorPort } : {}),
    resourcePersistencePath: storage.path,
  } as unknown as Parameters<typeof convertV4MiniflareOptions>[0]);
const mf = new Miniflare(workerdOptions());
let url = (await mf.ready).toString().replace(/\/$/, "");
const profiler =
  inspectorPort && process.env.BENCH_PROFILE
    ? new IsolateProfiler(inspectorPort, join(dir, "profiles"), readFileSync(join(buildDir, "index.js"), "utf8"))
    : null;
await profiler?.connect("prescripto-edge");

type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };

/** An access token of a real session: the bench signs in like a user (see scripts/sign-in.ts). */
function benchToken(sub: string, role: "patient" | "admin"): Promise<string> {
  return signInAs({ url, mongoUri: services.mongoUri, db: dbName, admin: benchAdmin }, sub, role);
}

/**
 * One scenario under autocannon. `onResponse` sees the measured run's answers (not the warm-up's);
 * `during` starts with the measured run (e.g. a poller) and is awaited after it.
 */
async function measure(
  name: string,
  path: string,
  setupRequest?: (req: Request) => Request,
  hooks: { onResponse?: (status: number, body: string) => void; during?: () => void } = {},
): Promise<Figures | null> {
  if (only && !name.includes(only) && !name.includes("baseline")) return null;
  const request = (onResponse?: (status: number, body: string) => void) =>
    setupRequest
      ? // autocannon's typings want its own request type; ours is the subset we set.
        { requests: [{ method: "POST", setupRequest, onResponse } as unknown as autocannon.Request] }
      : {};
  const opts: autocannon.Options = { url: `${url}${path}`, connections };
  // Warm up: JIT, DO instances, gateway connections and cache entries.
  await autocannon({ ...opts, ...request(), duration: 2 });
  await profiler?.start();
  const cpuBefore = cpuSnapshot();
  hooks.during?.();
  const r = await autocannon({ ...opts, ...request(hooks.onResponse), duration: seconds });
  const cpu = cpuSpentMs(cpuBefore, cpuSnapshot());
  if (profiler) {
    const groups = await profiler.stop(name);
    log(`${name}: where the isolate's busy time went (self time by module; native calls count for their caller):`);
    for (const g of groups.slice(0, 30)) log(`  ${(g.share * 100).toFixed(1).padStart(5)} %  ${g.group}`);
  }
  const total = Math.max(1, r.requests.total);
  const figures = {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    workerdCpuMs: cpu ? (cpu.get("workerd") ?? 0) / total : null,
  };
  if (cpu) {
    const parts = [...cpu].map(([group, ms]) => `${group} ${(ms / total).toFixed(3)}`);
    log(`${name}: CPU ms per request — ${parts.join(", ")}`);
  }
  log(
    `${name}: ${figures.rps.toFixed(0)} req/s, p50 ${r.latency.p50} p90 ${r.latency.p90} p97.5 ${r.latency.p97_5} p99 ${r.latency.p99} p99.9 ${r.latency.p99_9} max ${r.latency.max} ms, non-2xx ${figures.non2xx}`,
  );
  return figures;
}

const FIVE_MIN = 5 * 60_000;
const allDay = [{ start: "00:00", end: "24:00" }];
const benchSchedule = {
  timeZone: "Asia/Kolkata",
  slotMinutes: 5,
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 365,
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  feePaise: 50_000,
};

async function configure(doctorId: string, adminToken: string): Promise<void> {
  const res = await fetch(`${url}/api/v1/doctors/${doctorId}/schedule`, {
    signal: AbortSignal.timeout(30_000),
    method: "PUT",
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(benchSchedule),
  });
  if (res.status !== 200) throw new Error(`configure ${doctorId}: ${res.status} ${await res.text()}`);
}

/** Distinct future 5-minute slots per doctor, handed out in order. */
function slotCursor() {
  const first = Math.ceil((Date.now() + 3_600_000) / FIVE_MIN) * FIVE_MIN;
  const next = new Map<string, number>();
  return (doctorId: string) => {
    const n = next.get(doctorId) ?? 0;
    next.set(doctorId, n + 1);
    return new Date(first + n * FIVE_MIN).toISOString();
  };
}

/** The figures against the table's first row (its baseline). */
function printTable(results: Figures[]): void {
  const base = results[0]?.rps ?? 1;
  // workerd CPU per request, and the baseline's divided by it: the throughput ratio the Worker
  // itself would allow if the co-located stand-ins and the load generator took no CPU.
  const baseCpu = results[0]?.workerdCpuMs ?? null;
  console.log(
    "scenario                                      req/s   ×baseline   p50 ms   p99 ms   non-2xx  errors   workerd CPU ms/req (×baseline)",
  );
  for (const r of results) {
    const cpu =
      r.workerdCpuMs === null || baseCpu === null
        ? "n/a"
        : `${r.workerdCpuMs.toFixed(3)} (${(baseCpu / r.workerdCpuMs).toFixed(2)})`;
    console.log(
      `${r.name.padEnd(44)} ${r.rps.toFixed(0).padStart(7)}   ${(r.rps / base).toFixed(2).padStart(9)}   ${String(r.p50).padStart(6)}   ${String(r.p99).padStart(6)}   ${String(r.non2xx).padStart(7)}  ${String(r.errors).padStart(6)}   ${cpu}`,
    );
  }
}

try {
  const health = await fetch(`${url}/api/health`);
  log(`health ${health.status}`);
  await health.arrayBuffer();

  const adminToken = await benchToken("admin", "admin");
  const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => benchToken(`bench_p${i}`, "patient")));
  const solo = "doc_bench-solo";
  const contended = "doc_bench-contended";
  const many = Array.from({ length: 100 }, (_, i) => `doc_bench-${i}`);
  const burstDoctor = "doc_bench-burst";
  const paid = "doc_bench-paid";
  const free = "doc_bench-free";
  for (const [i, d] of [solo, contended, ...many].entries()) {
    await configure(d, adminToken);
    if (i % 25 === 24) log(`configured ${i + 1} doctors' schedules`);
  }
  // Availability is read for a doctor with a clinic's usual week (30-minute slots, mornings and
  // evenings): the payload a patient's browser really fetches.
  const clinicDoctor = "doc_bench-clinic";
  const clinicWeek = demoSchedule("Asia/Kolkata", 50_000);
  await fetch(`${url}/api/v1/doctors/${clinicDoctor}/schedule`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(clinicWeek),
  });
  const nextSlot = slotCursor();
  let tokenIndex = 0;
  const bookOn =
    (pick: () => string) =>
    (req: Request): Request => {
      const doctorId = pick();
      const t = tokens[tokenIndex++ % tokens.length] as string;
      return {
        ...req,
        method: "POST",
        path: "/api/v1/appointments",
        headers: { Authorization: `Bearer ${t}`, "Content-Type": "application/json" },
        body: JSON.stringify({ doctorId, start: nextSlot(doctorId) }),
      };
    };
  let rr = 0;
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const weekEnd = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);

  const takenSlot = new Date(Math.ceil((Date.now() + 90 * 86_400_000) / FIVE_MIN) * FIVE_MIN).toISOString();
  await fetch(`${url}/api/v1/appointments`, {
    method: "POST",
    headers: { Authorization: `Bearer ${tokens[2]}`, "Content-Type": "application/json" },
    body: JSON.stringify({ doctorId: contended, start: takenSlot }),
  });
  const post =
    (token: string | undefined, body: unknown) =>
    (req: Request): Request => ({
      ...req,
      method: "POST",
      path: "/api/v1/appointments",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  // Write-behind lag is measured on the bookings over 100 doctors: answered → row in MongoDB.
  const lag = new WriteBehindLag(services.mongoUri, dbName);
  const scenarios: (Figures | null)[] = [
    await measure(SCENARIO.baseline, "/api/health/live"),
    await measure(SCENARIO.directory, "/api/v1/doctors"),
    await measure(SCENARIO.availability, `/api/v1/doctors/${clinicDoctor}/slots?from=${day}&to=${weekEnd}`),
  ];
  // Bookings notify their doctor, so the booked doctors get the MongoDB record onboarding gives
  // them; only now, so the cached directory above is the seeded one of every earlier run.
  await onboardBenchDoctors(services.mongoUri, dbName, [solo, contended, ...many, burstDoctor, paid, free]);
  scenarios.push(
    await measure(
      "POST booking rejected by validation (400)",
      "/api/v1/appointments",
      post(tokens[0], { doctorId: solo, start: "not-a-time" }),
    ),
    await measure(
      "POST booking of a taken slot (409 from the DO)",
      "/api/v1/appointments",
      post(tokens[1], { doctorId: contended, start: takenSlot }),
    ),
    await measure(
      SCENARIO.oneDoctor,
      "/api/v1/appointments",
      bookOn(() => solo),
    ),
    await measure(
      SCENARIO.manyDoctors,
      "/api/v1/appointments",
      bookOn(() => many[rr++ % many.length] as string),
      { onResponse: (status, body) => status === 201 && lag.answered(body), during: () => lag.start() },
    ),
  );
  const results = scenarios.filter((r): r is Figures => r !== null);
  const lagFigures = only && !SCENARIO.manyDoctors.includes(only) ? null : await lag.finish();
  if (lagFigures) log(`write-behind lag: p50 ${lagFigures.p50} ms, p99 ${lagFigures.p99} ms, max ${lagFigures.max} ms`);

  // 1,000 bookings at once for 20 slots of a doctor nobody else books.
  let contention = null;
  if (!only || "contention burst".includes(only)) {
    await configure(burstDoctor, adminToken);
    const starts = Array.from({ length: 20 }, () => nextSlot(burstDoctor));
    contention = await contentionBurst({ url, doctorId: burstDoctor, adminToken, tokens, starts });
    log(
      `contention burst: ${contention.won} won, ${contention.conflicts} × 409 (p50 ${contention.p50Conflict} p99 ${contention.p99Conflict} ms), ${contention.errors} errors, ${contention.oversold} oversold, ${contention.wallMs} ms in all; reference, 1,000 trivial GETs at once: p50 ${contention.reference.p50} p99 ${contention.reference.p99} ms, ${contention.reference.wallMs} ms in all`,
    );
  }

  // The same Worker with RATE_LIMIT_BOOKING=off: what the booking limit costs.
  let ablation: Figures[] = [];
  if (!only || SCENARIO.limitOff.includes(only)) {
    log("restarting workerd with RATE_LIMIT_BOOKING=off");
    await mf.setOptions(workerdOptions({ RATE_LIMIT_BOOKING: "off" }));
    url = (await mf.ready).toString().replace(/\/$/, "");
    ablation = [
      await measure(SCENARIO.baseline, "/api/health/live"),
      await measure(
        SCENARIO.limitOff,
        "/api/v1/appointments",
        bookOn(() => solo),
      ),
    ].filter((r): r is Figures => r !== null);
  }

  // Payments on, against the local Razorpay stand-in: a booking with a fee is hold → order →
  // checkout → verify; plain bookings run through the same loop for the ratio.
  let paying: FlowFigures[] = [];
  if (!only || SCENARIO.holdPayVerify.includes(only)) {
    log("restarting workerd with PAYMENTS_ENABLED=true (Razorpay stand-in)");
    const rzp = services.razorpay;
    await mf.setOptions(
      workerdOptions({
        PAYMENTS_ENABLED: "true",
        RAZORPAY_API_BASE: rzp.url,
        RAZORPAY_CHECKOUT_SCRIPT: `${rzp.url}/v1/checkout.js`,
        RAZORPAY_KEY_ID: rzp.keyId,
        RAZORPAY_KEY_SECRET: rzp.keySecret,
        RAZORPAY_WEBHOOK_SECRETS: rzp.webhookSecret,
        RATE_LIMIT_BOOKING: "off",
      }),
    );
    url = (await mf.ready).toString().replace(/\/$/, "");
    await configure(paid, adminToken);
    const res = await fetch(`${url}/api/v1/doctors/${free}/schedule`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ ...benchSchedule, feePaise: 0 }),
    });
    if (res.status !== 200) throw new Error(`configure ${free}: ${res.status}`);
    const flow = { url, standinUrl: rzp.url, tokens, connections, seconds, nextSlot, keySecret: rzp.keySecret };
    paying = [await plainBookings(flow, free), await holdPayVerify(flow, paid)];
    for (const f of paying) {
      log(`${f.name}: ${f.rps.toFixed(1)} bookings/s, p50 ${f.p50} p99 ${f.p99} ms per booking, ${f.failed} failed`);
    }
  }

  // The platform's floors, each in a Miniflare of its own under the same load: a hello-world
  // Worker (how much of a tail is workerd and this machine) and one DO doing one SQLite insert per
  // request (the floor for a serialized write, which bookings on one doctor are).
  const floorOptions = {
    compatibilityDate: String((options as { compatibilityDate?: string }).compatibilityDate),
    connections,
    seconds,
    scratchDir: tmpfsDir ?? dir,
    log,
  };
  const wantFloors = !only || "floor".includes(only);
  const helloFloor = wantFloors ? await helloWorldFloor(floorOptions) : null;
  const limiterFloor = wantFloors ? await rateLimitBindingFloor(floorOptions) : null;
  const bareDoFloor = wantFloors ? await bareDurableObjectFloor(floorOptions) : null;

  const run: RunFigures = { results, ablation, helloFloor, limiterFloor, bareDoFloor, contention, lag: lagFigures };
  console.log(
    `\nPrescripto Edge benchmark — workerd via Miniflare, ${connections} connections, ${seconds} s per scenario, Durable Object storage ${storage.label}`,
  );
  printTable(results);
  if (helloFloor) {
    console.log(
      `hello-world Worker, own Miniflare: ${helloFloor.rps.toFixed(0)} req/s, p50 ${helloFloor.p50} ms, p99 ${helloFloor.p99} ms`,
    );
  }
  if (helloFloor && limiterFloor) {
    console.log(
      `hello-world + one Rate Limiting binding check per request, own Miniflare: ${limiterFloor.rps.toFixed(0)} req/s (${(limiterFloor.rps / helloFloor.rps).toFixed(2)}× hello-world: Miniflare's emulation of the binding)`,
    );
  }
  if (bareDoFloor) {
    console.log(
      `bare DO (one SQLite insert per RPC), own Miniflare: ${bareDoFloor.rps.toFixed(0)} req/s, p50 ${bareDoFloor.p50} ms, p99 ${bareDoFloor.p99} ms, ${bareDoFloor.errors} errors`,
    );
  }
  if (ablation.length > 0) {
    console.log("\nThe same, restarted with RATE_LIMIT_BOOKING=off, same run:");
    printTable(ablation);
  }
  if (paying.length === 2) {
    const [plain, flow] = paying as [FlowFigures, FlowFigures];
    console.log(
      `\nPayments on (Razorpay stand-in), ${connections} loops, ${seconds} s each:\n${[plain, flow]
        .map(
          (f) =>
            `${f.name.padEnd(52)} ${f.rps.toFixed(1).padStart(7)} bookings/s   p50 ${f.p50} ms   p99 ${f.p99} ms   failed ${f.failed}`,
        )
        .join("\n")}\nhold → pay → verify ÷ plain booking: ${(flow.rps / plain.rps).toFixed(2)}`,
    );
  }
  printGoals(goals(run));
  const jsonPath = join(dir, "bench.json");
  writeJson(jsonPath, run, {
    at: new Date().toISOString(),
    seconds,
    connections,
    storage: storage.label,
    only: only ?? null,
  });
  log(`figures written to ${jsonPath}`);
} finally {
  await mf.dispose();
  await services.stop();
  if (tmpfsDir) rmSync(tmpfsDir, { recursive: true, force: true });
}
