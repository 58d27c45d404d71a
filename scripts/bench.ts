import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { seedDemoDoctors } from "./seed.ts";
import { startServices } from "./services/index.ts";
import { freePort, LOOPBACK } from "./services/ports.ts";
import { PROJECT_ROOT } from "./worker-process.ts";

/**
 * `npm run bench`: throughput and latency of the Worker running in workerd directly (Miniflare,
 * not behind wrangler dev's proxy), against the real local services. Prints figures and ratios
 * against a trivial GET measured in the same run; asserts nothing (these machines are noisy).
 * BENCH_SECONDS (default 8) and BENCH_CONNECTIONS (default 10) tune the runs.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const log = (m: string) => console.log(`[bench] ${m}`);
const dir = join(PROJECT_ROOT, ".data", "bench");
rmSync(dir, { recursive: true, force: true });

const services = await startServices({ dataDir: join(dir, "services"), log });
const dbName = "prescripto_bench";
await seedDemoDoctors(services.mongoUri, dbName);

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

const secrets = {
  MONGODB_URI: services.mongoUri,
  UPSTASH_REDIS_REST_URL: services.upstashUrl,
  UPSTASH_REDIS_REST_TOKEN: services.upstashToken,
  AUTH_TOKEN_SECRET: "bench-only-secret-0123456789abcdefghijklmnop",
};
Object.assign(process.env, secrets);
const { workerOptions } = unstable_getMiniflareWorkerOptions(join(PROJECT_ROOT, "wrangler.toml"));
const { modulesRules: _rules, ...options } = workerOptions as typeof workerOptions & { modulesRules?: unknown };
// The bundle is index.js plus the migrations' .sql files, imported as text modules.
const modules = readdirSync(buildDir)
  .filter((f) => f.endsWith(".js") || f.endsWith(".sql"))
  .map((f) => ({ type: f.endsWith(".sql") ? "Text" : "ESModule", path: join(buildDir, f) }))
  .sort((a) => (a.path.endsWith("index.js") ? -1 : 1));
const port = await freePort();
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
      BUILD_VERSION: "bench",
      MONGODB_DB: dbName,
      // Request logging off for the measurement (same for every scenario).
      LOG_LEVEL: "warn",
    },
    host: LOOPBACK,
    port,
    durableObjectsPersist: join(dir, "do"),
  } as unknown as Parameters<typeof convertV4MiniflareOptions>[0]),
);
const url = (await mf.ready).toString().replace(/\/$/, "");

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(name: string, path: string): Promise<Figures> {
  // Warm up: JIT, DO instances, gateway connections and the cache entry.
  await autocannon({ url: `${url}${path}`, connections, duration: 2 });
  const r = await autocannon({ url: `${url}${path}`, connections, duration: seconds });
  const figures = {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
  log(`${name}: ${figures.rps.toFixed(0)} req/s, p99 ${figures.p99} ms`);
  return figures;
}

try {
  const health = await fetch(`${url}/api/health`);
  log(`health ${health.status}`);
  await health.arrayBuffer();
  const results = [
    await measure("trivial GET /api/health/live (baseline)", "/api/health/live"),
    await measure("cached GET /api/v1/doctors", "/api/v1/doctors"),
    await measure("cached GET /api/v1/doctors?speciality=", "/api/v1/doctors?speciality=Cardiologist"),
  ];
  const base = results[0]?.rps ?? 1;
  console.log(
    `\nPrescripto Edge benchmark — workerd via Miniflare, ${connections} connections, ${seconds} s per scenario`,
  );
  console.log("scenario                                      req/s   ×baseline   p50 ms   p99 ms   non-2xx  errors");
  for (const r of results) {
    console.log(
      `${r.name.padEnd(44)} ${r.rps.toFixed(0).padStart(7)}   ${(r.rps / base).toFixed(2).padStart(9)}   ${String(r.p50).padStart(6)}   ${String(r.p99).padStart(6)}   ${String(r.non2xx).padStart(7)}  ${String(r.errors).padStart(6)}`,
    );
  }
} finally {
  await mf.dispose();
  await services.stop();
}
