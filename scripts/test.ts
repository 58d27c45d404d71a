import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { prepareTestAuthEnv } from "../tests/support/test-keys.ts";
import { buildWeb } from "./build-web.ts";
import { startServices } from "./services/index.ts";
import { ensureSystemDeps } from "./setup.ts";
import { PROJECT_ROOT } from "./worker-process.ts";

/**
 * `npm test`: installs what the suite needs, starts the local services once, then runs each
 * layer (unit → workers → integration → e2e → fuzz: schemathesis against the running Worker) with its own vitest config and prints a summary.
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

await ensureSystemDeps({ chromium: layers.includes("e2e"), log });
if (needsWeb) await buildWeb(log);
const services = needsServices ? await startServices({ dataDir: join(runDir, "services"), log }) : null;
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

interface LayerResult {
  layer: Layer;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  exitCode: number;
}

const results: LayerResult[] = [];
try {
  for (const layer of layers) {
    log(`── ${layer} ──`);
    results.push(await runLayer(layer));
  }
} finally {
  await services?.stop();
}

const total = results.reduce(
  (acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log("\nlayer        passed  failed  skipped  seconds");
for (const r of results) {
  const broken = r.exitCode !== 0 && r.failed === 0 ? "  (runner error)" : "";
  console.log(
    `${r.layer.padEnd(12)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${r.seconds.toFixed(1).padStart(7)}${broken}`,
  );
}
console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(results.every((r) => r.exitCode === 0) && total.failed === 0 ? 0 : 1);

async function runLayer(layer: Layer): Promise<LayerResult> {
  const t0 = Date.now();
  const jsonFile = join(runDir, `${layer}.json`);
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, "node_modules", "vitest", "vitest.mjs"),
        "run",
        "--config",
        join(PROJECT_ROOT, "tests", layer, "vitest.config.ts"),
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${jsonFile}`,
        ...(process.env.TEST_FILTER ? [process.env.TEST_FILTER] : []),
      ],
      { cwd: PROJECT_ROOT, stdio: "inherit", env: process.env },
    );
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
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
  return { layer, passed, failed, skipped, seconds: (Date.now() - t0) / 1000, exitCode };
}
