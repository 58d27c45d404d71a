import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adminAccountsSecret, generateSigningKey, randomPassword, signingKeysSecret } from "./auth-keys.ts";
import { buildWeb } from "./build-web.ts";
import { applyDemoSchedules } from "./demo-schedules.ts";
import { seedDemoDoctors } from "./seed.ts";
import { DEMO_PATIENT, seedDemoAccounts } from "./seed-accounts.ts";
import { startServices } from "./services/index.ts";
import { rotateLog } from "./services/process.ts";
import { ensureSystemDeps } from "./setup.ts";
import { PROJECT_ROOT, startWorker } from "./worker-process.ts";

/**
 * `npm start`: the whole product on this machine. Installs missing system packages, builds the
 * web app, starts Redis + the Upstash REST bridge + FerretDB (or uses MONGODB_URI), seeds the
 * demo doctors once, then runs the Worker (with its Durable Objects and Queues) in workerd.
 * Data lives under .data/dev and survives restarts. Ctrl-C stops everything.
 */
const t0 = Date.now();
const log = (m: string) => console.log(`[start] ${m}`);
const port = Number(process.env.PORT ?? 8787);
const dataDir = join(PROJECT_ROOT, ".data", "dev");
const mongoDb = process.env.MONGODB_DB ?? "prescripto";

await ensureSystemDeps({ chromium: false, log });
await buildWeb(log);
const services = await startServices({ dataDir: join(dataDir, "services"), log });
const seeded = await seedDemoDoctors(services.mongoUri, mongoDb);
log(`demo doctors: ${seeded.inserted} added, ${seeded.total} in total`);

// Local credentials, made on first start and kept (0600) under .data/dev: never committed.
const signingKeys = localSecret(join(dataDir, "auth-signing-keys.json"), () =>
  signingKeysSecret([generateSigningKey(`dev-${Date.now().toString(36)}`)]),
);
const admin = { email: "admin@prescripto.local", name: "Local Admin", password: "" };
admin.password = localSecret(join(dataDir, "admin-password"), randomPassword);
const demoPassword = localSecret(join(dataDir, "demo-password"), randomPassword);
const accounts = await seedDemoAccounts(services.mongoUri, mongoDb, demoPassword);
log(`demo accounts: ${accounts.inserted} added (one per demo doctor, and ${DEMO_PATIENT.email})`);
const linkSecret = localSecret(join(dataDir, "link-signing-secret"), () => randomPassword() + randomPassword());
const webhookSecretsKey = localSecret(join(dataDir, "webhook-secrets-key"), () => randomBytes(32).toString("base64"));
const worker = await startWorker({
  port,
  persistDir: join(dataDir, "workerd"),
  logFile: join(dataDir, "logs", "worker.log"),
  vars: {
    BUILD_VERSION: buildVersion(),
    MONGODB_URI: services.mongoUri,
    MONGODB_DB: mongoDb,
    UPSTASH_REDIS_REST_URL: services.upstashUrl,
    UPSTASH_REDIS_REST_TOKEN: services.upstashToken,
    AUTH_SIGNING_KEYS: signingKeys,
    ADMIN_ACCOUNTS: await adminAccountsSecret([admin]),
    EMAIL_API_BASE: services.mailUrl,
    EMAIL_API_KEY: "local-mail-standin",
    LINK_SIGNING_SECRET: linkSecret,
    WEBHOOK_SECRETS_KEY: webhookSecretsKey,
    APP_BASE_URL: `http://127.0.0.1:${port}`,
    // Payments on against the local stand-in: hold → pay → booked, as in production.
    PAYMENTS_ENABLED: "true",
    RAZORPAY_API_BASE: services.razorpay.url,
    RAZORPAY_CHECKOUT_SCRIPT: `${services.razorpay.url}/v1/checkout.js`,
    RAZORPAY_KEY_ID: services.razorpay.keyId,
    RAZORPAY_KEY_SECRET: services.razorpay.keySecret,
    RAZORPAY_WEBHOOK_SECRETS: services.razorpay.webhookSecret,
    // Clinics may point webhooks at a receiver on this machine (http://127.0.0.1:…).
    WEBHOOKS_ALLOW_LOOPBACK: "true",
    ...(process.env.SENTRY_DSN ? { SENTRY_DSN: process.env.SENTRY_DSN } : {}),
  },
});

// Razorpay's webhooks from the stand-in go to the Worker, as configured in Razorpay's dashboard in production.
services.razorpay.configure({ webhookUrl: `${worker.url}/api/v1/webhooks/razorpay` });
const health = await fetch(`${worker.url}/api/health`);
log(`/api/health → ${health.status} (${((Date.now() - t0) / 1000).toFixed(1)} s after start)`);
if (health.status !== 200) log(`health: ${await health.text()}`);
const adminToken = await login(admin.email, admin.password);
log(`demo schedules applied to ${await applyDemoSchedules(worker.url, adminToken)} doctors`);
const patientToken = await login(DEMO_PATIENT.email, demoPassword);
log(`Prescripto Edge is running at ${worker.url}`);
log(`logs: the Worker's JSON lines in ${worker.proc.logFile}, Redis/FerretDB in ${join(dataDir, "services", "logs")}`);
log(`development mailbox (emails the Worker sends): ${services.mailUrl}/`);
log(`admin sign-in: ${admin.email} / ${admin.password}`);
log(`Razorpay stand-in: ${services.razorpay.url} (control endpoints under /_control, see README)`);
log(`demo sign-ins (password ${demoPassword}): ${DEMO_PATIENT.email} (patient), and each demo doctor's email`);
log(`a demo patient access token (15 min), for trying the API with curl:\n  export TOKEN=${patientToken}`);
log("press Ctrl-C to stop");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    void Promise.allSettled([worker.stop(), services.stop()]).then(() => process.exit(0));
  });
}
// Long sessions: rotate any service log past MAX_LOG_BYTES (it is also checked at each start).
const logFiles = [worker.proc.logFile, ...services.logFiles];
setInterval(() => {
  for (const file of logFiles) if (rotateLog(file)) log(`rotated ${file} (previous part in ${file}.1)`);
}, 60_000).unref();

// Keep the process alive while the children run; exit if the Worker dies.
setInterval(() => {
  if (worker.proc.exitReason !== null && !stopping) {
    log(`wrangler dev ${worker.proc.exitReason}; see ${worker.proc.logFile}`);
    void services.stop().then(() => process.exit(1));
  }
}, 1_000);

setInterval(() => undefined, 1 << 30);

/** A secret kept under .data/dev so sign-ins and tokens survive restarts; never committed. */
function localSecret(file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = make();
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function login(email: string, password: string): Promise<string> {
  const res = await fetch(`${worker.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function buildVersion(): string {
  if (process.env.BUILD_VERSION) return process.env.BUILD_VERSION;
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "dev";
  }
}
