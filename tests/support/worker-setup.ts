import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { seedDemoDoctors } from "../../scripts/seed.ts";
import { startWorker, type WorkerProcess } from "../../scripts/worker-process.ts";
import { requireServiceEnv } from "./service-env.ts";
import { TEST_AUDIENCE, TEST_ISSUER, TEST_WEBHOOK_SECRETS_KEY, testAdmin, testSigningKeys } from "./test-keys.ts";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    mongoUri: string;
    mongoDb: string;
    redisUrl: string;
    upstashUrl: string;
    upstashToken: string;
  }
}

/** Vars for a worker pointed at the local services; tests override some to break a dependency. */
export function workerVars(dbName: string, overrides: Record<string, string> = {}): Record<string, string> {
  const s = requireServiceEnv();
  return {
    APP_ENV: "test",
    BUILD_VERSION: "test-build",
    MONGODB_URI: s.mongoUri,
    MONGODB_DB: dbName,
    UPSTASH_REDIS_REST_URL: s.upstashUrl,
    UPSTASH_REDIS_REST_TOKEN: s.upstashToken,
    AUTH_SIGNING_KEYS: testSigningKeys(),
    ADMIN_ACCOUNTS: testAdmin().accounts,
    AUTH_ISSUER: TEST_ISSUER,
    AUTH_AUDIENCE: TEST_AUDIENCE,
    QUEUE_RETRY_MAX_DELAY_SECONDS: "2",
    OUTBOX_REDELIVERY_SECONDS: "5",
    // Generous limits so tests never trip over each other; the rate-limit tests set low ones.
    RATE_LIMIT_AUTH_IP: "100000/1m",
    RATE_LIMIT_AUTH_ACCOUNT: "100000/1m",
    // Booking flood control's limit is the binding's (wrangler.toml); the rate-limit tests turn it on.
    RATE_LIMIT_BOOKING: "off",
    RATE_LIMIT_API_KEY: "100000/1m",
    // Razorpay is the run's stand-in; PAYMENTS_ENABLED stays as wrangler.toml says unless a test sets it.
    RAZORPAY_API_BASE: s.razorpay.url,
    RAZORPAY_CHECKOUT_SCRIPT: `${s.razorpay.url}/v1/checkout.js`,
    RAZORPAY_KEY_ID: s.razorpay.keyId,
    RAZORPAY_KEY_SECRET: s.razorpay.keySecret,
    RAZORPAY_WEBHOOK_SECRETS: s.razorpay.webhookSecret,
    // Every booking now sends email: to the run's Resend stand-in, never the real provider.
    EMAIL_API_BASE: s.mailUrl,
    EMAIL_API_KEY: "test-mail-key",
    LINK_SIGNING_SECRET: "test-link-signing-secret-0123456789abcdef",
    WEBHOOK_SECRETS_KEY: TEST_WEBHOOK_SECRETS_KEY,
    // Webhook endpoints on the tests' receiving servers (http://127.0.0.1).
    WEBHOOKS_ALLOW_LOOPBACK: "true",
    ...overrides,
  };
}

export async function startTestWorker(name: string, vars: Record<string, string>): Promise<WorkerProcess> {
  const { runDir } = requireServiceEnv();
  return startWorker({
    vars,
    persistDir: join(runDir, "workers", name),
    logFile: join(runDir, "logs", `worker-${name}.log`),
  });
}

/** globalSetup factory: seeds a database and starts one worker for the whole layer. */
export function workerGlobalSetup(layer: string) {
  return async (project: TestProject) => {
    const s = requireServiceEnv();
    const mongoDb = `prescripto_test_${layer}`;
    await seedDemoDoctors(s.mongoUri, mongoDb);
    const worker = await startTestWorker(layer, workerVars(mongoDb));
    project.provide("workerUrl", worker.url);
    project.provide("mongoUri", s.mongoUri);
    project.provide("mongoDb", mongoDb);
    project.provide("redisUrl", s.redisUrl);
    project.provide("upstashUrl", s.upstashUrl);
    project.provide("upstashToken", s.upstashToken);
    return async () => {
      await worker.stop();
    };
  };
}
