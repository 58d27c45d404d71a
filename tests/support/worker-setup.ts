import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { seedDemoDoctors } from "../../scripts/seed.ts";
import { startWorker, type WorkerProcess } from "../../scripts/worker-process.ts";
import { requireServiceEnv } from "./service-env.ts";

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

export const TEST_AUTH_SECRET = "test-only-secret-0123456789abcdefghijklmnop";

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
    AUTH_TOKEN_SECRET: TEST_AUTH_SECRET,
    QUEUE_RETRY_MAX_DELAY_SECONDS: "2",
    OUTBOX_REDELIVERY_SECONDS: "5",
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
