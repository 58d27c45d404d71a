import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { prepareFuzzVenv } from "../tests/fuzz/venv.ts";
import { prepareTestAuthEnv } from "../tests/support/test-keys.ts";
import { buildWeb } from "./build-web.ts";
import { startServices } from "./services/index.ts";
import { type RedisWithBridge, startRedisWithBridge } from "./services/redis-with-bridge.ts";
import { ensureSystemDeps } from "./setup.ts";
import { PROJECT_ROOT } from "./worker-process.ts";

/**
 * `npm test`: installs what the suite needs, starts the local services once, then runs each
 * layer (unit, workers, integration, e2e, fuzz: schemathesis against the running Worker) with its
 * own vitest config and prints a summary. Layers run side by side in lanes, since much of their
 * time is waiting (windows, holds, backoff, start-ups): unit from the start (it needs no services),
 * then workers alone, then three lanes: integration "rest", integration "slow", and e2e → fuzz. Each lane has its own Redis
 * and each vitest its own shared worker and database, so lanes cannot see each other's cache.
 * Every line of a layer's output is prefixed with its name.
 * `npm test -- unit integration` runs a subset; `TEST_FILTER=auth npm test -- integration` runs
 * only the files whose path contains "auth". `TEST_RUN_NAME=x` keeps this run's services and
 * reports in `.data/test-run-x`, so two runs on one machine do not share (and delete) a directory.
 */
const ALL_LAYERS = ["unit", "workers", "integration", "e2e", "fuzz"] as const;
type Layer = (typeof ALL_LAYERS)[number];

const requested: string[] = process.argv.slice(2).filter((a: string) => !a.startsWith("-"));
const layers: Layer[] = requested.length
  ? requested.map((r) => {
      if (!(ALL_LAYERS as readonly string[]).includes(r)) {
        console.error(`unknown test layer "${r}"; choose from ${ALL_LAYERS.join(", ")}`);
        process.exit(2);
      }
      return r as Layer;
    })
  : [...ALL_LAYERS];

const log = (m: string) => console.log(`[test] ${m}`);
const started = Date.now();
const runName = process.env.TEST_RUN_NAME?.replace(/[^A-Za-z0-9_-]/g, "");
const runDir = join(PROJECT_ROOT, ".data", runName ? `test-run-${runName}` : "test-run");
rmSync(runDir, { recursive: true, force: true });
mkdirSync(runDir, { recursive: true });

// Signing keys and the test admin for this run, made here so every layer and worker shares them.
Object.assign(process.env, await prepareTestAuthEnv());

const needsServices = layers.some((l) => l !== "unit");
const needsWeb = layers.includes("integration") || layers.includes("e2e");
const filter = process.env.TEST_FILTER;

interface Part {
  layer: Layer;
  /** The name in the output prefix, the summary and the JSON report file. */
  label: string;
  /** Added to the environment of its vitest (a lane's own Redis, the integration part). */
  env?: Record<string, string>;
  /** A filter may match files of only one of a layer's parts: the other then has none. */
  mayBeEmpty?: boolean;
}

interface PartResult {
  label: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  exitCode: number;
}

const results: PartResult[] = [];
const laneRedis: RedisWithBridge[] = [];
let services: Awaited<ReturnType<typeof startServices>> | null = null;
// pip's downloads overlap everything else; the fuzz layer waits for them only when it starts.
const fuzzVenv = layers.includes("fuzz")
  ? prepareFuzzVenv(log).catch((error: unknown) => {
      // The fuzz layer's global setup tries again and fails with the cause in its own output.
      log(`preparing the fuzz venv failed: ${String(error)}`);
    })
  : null;
try {
  // Unit tests need no services: they run while FerretDB, the web bundle and the services come up.
  const unit = layers.includes("unit") ? runPart({ layer: "unit", label: "unit" }) : null;
  const lanes: Promise<void>[] = unit ? [unit.then((r) => void results.push(r))] : [];
  try {
    await ensureSystemDeps({ chromium: layers.includes("e2e"), log });
    if (needsWeb) await buildWeb(log);
    services = needsServices ? await startServices({ dataDir: join(runDir, "services"), log }) : null;
    if (services) {
      process.env.MONGODB_URI = services.mongoUri;
      process.env.UPSTASH_REDIS_REST_URL = services.upstashUrl;
      process.env.UPSTASH_REDIS_REST_TOKEN = services.upstashToken;
      process.env.REDIS_URL = services.redisUrl;
      process.env.MAIL_STANDIN_URL = services.mailUrl;
      process.env.TEST_RUN_DIR = runDir;
      process.env.RAZORPAY_API_BASE = services.razorpay.url;
      process.env.RAZORPAY_KEY_ID = services.razorpay.keyId;
      process.env.RAZORPAY_KEY_SECRET = services.razorpay.keySecret;
      process.env.RAZORPAY_WEBHOOK_SECRETS = services.razorpay.webhookSecret;
    }
    const has = (l: Layer) => layers.includes(l);
    const integration = (part: "slow" | "rest", env: Record<string, string> = {}): Part => ({
      layer: "integration",
      label: `integration-${part}`,
      env: { ...env, INTEGRATION_PART: part },
      mayBeEmpty: filter !== undefined,
    });
    // Workers first, before the lanes fan out: its tests have 30 s timeouts and a CPU-bound
    // 200-booking race, which timed out beside the two workerd-heavy lanes on a busy machine.
    if (has("workers")) results.push(await runPart({ layer: "workers", label: "workers" }));
    // Lane 1 uses the run's Redis; the others get one each.
    lanes.push(lane([has("integration") && integration("rest")]));
    if (has("integration")) lanes.push(lane([integration("slow", await redisOfItsOwn("lane-integration-slow"))]));
    if (has("e2e") || has("fuzz")) {
      const env = await redisOfItsOwn("lane-e2e");
      lanes.push(
        lane([has("e2e") && { layer: "e2e", label: "e2e", env }, has("fuzz") && { layer: "fuzz", label: "fuzz", env }]),
      );
    }
  } finally {
    await Promise.all(lanes);
  }
} finally {
  await Promise.allSettled(laneRedis.map((r) => r.close()));
  await services?.stop();
}

const order = (label: string) =>
  ["unit", "workers", "integration-rest", "integration-slow", "e2e", "fuzz"].indexOf(label);
results.sort((a, b) => order(a.label) - order(b.label));
const total = results.reduce(
  (acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log("\nlayer              passed  failed  skipped  seconds");
for (const r of results) {
  const broken = r.exitCode !== 0 && r.failed === 0 ? "  (runner error)" : "";
  console.log(
    `${r.label.padEnd(18)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${r.seconds.toFixed(1).padStart(7)}${broken}`,
  );
}
console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s (layers run side by side)`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
const integrationRan = results.filter((r) => r.label.startsWith("integration"));
if (integrationRan.length > 0 && integrationRan.every((r) => r.passed + r.failed + r.skipped === 0)) {
  console.log(`no integration test file matches TEST_FILTER=${filter}`);
  process.exit(1);
}
process.exit(results.length > 0 && results.every((r) => r.exitCode === 0) && total.failed === 0 ? 0 : 1);

/** Runs the parts one after another (a lane); a failed part does not stop the next. */
async function lane(parts: (Part | false)[]): Promise<void> {
  for (const part of parts) if (part) results.push(await runPart(part));
}

/** A Redis and Upstash bridge for one lane: its workers' caches and limits stay out of the others'. */
async function redisOfItsOwn(name: string): Promise<Record<string, string>> {
  const r = await startRedisWithBridge({ dataDir: join(runDir, "services"), name, log });
  laneRedis.push(r);
  return { UPSTASH_REDIS_REST_URL: r.upstashUrl, UPSTASH_REDIS_REST_TOKEN: r.upstashToken, REDIS_URL: r.redis.url };
}

async function runPart(part: Part): Promise<PartResult> {
  if (part.layer === "fuzz") await fuzzVenv;
  const t0 = Date.now();
  log(`── ${part.label} started ──`);
  const jsonFile = join(runDir, `${part.label}.json`);
  const prefix = `[${part.label}] `;
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, "node_modules", "vitest", "vitest.mjs"),
        "run",
        "--config",
        join(PROJECT_ROOT, "tests", part.layer, "vitest.config.ts"),
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${jsonFile}`,
        ...(part.mayBeEmpty ? ["--passWithNoTests"] : []),
        ...(filter ? [filter] : []),
      ],
      { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...part.env } },
    );
    // Several layers print at once: every line carries its layer's name.
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
        out.write(`${prefix}${line}\n`);
      });
    }
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const report = JSON.parse(readFileSync(jsonFile, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed = report.numPassedTests;
    failed = report.numFailedTests;
    skipped = report.numPendingTests + report.numTodoTests;
  } catch {
    // No report means vitest itself failed before running tests; exitCode carries it.
  }
  if (exitCode !== 0 && failed === 0) failed = 1;
  const seconds = (Date.now() - t0) / 1000;
  log(`── ${part.label} finished in ${seconds.toFixed(0)} s (exit ${exitCode}) ──`);
  return { label: part.label, passed, failed, skipped, seconds, exitCode };
}
