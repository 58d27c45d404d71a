import { afterAll, beforeAll } from "vitest";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { api, signer } from "./api.ts";
import { startTestWorker, workerVars } from "./worker-setup.ts";

/**
 * A worker and a database of the calling test file's own, for tests that create doctors: the
 * layer's shared database must keep exactly the seeded directory (doctors.integration.test.ts
 * asserts it). Started before the file's tests, stopped after them; `overrides` replace its vars.
 */
export function ownWorker(name: string, overrides: Record<string, string> = {}) {
  const dbName = `prescripto_test_${name.replace(/\W/g, "_")}`;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    worker = await startTestWorker(name, workerVars(dbName, overrides));
  });
  afterAll(async () => {
    await worker?.stop();
  });
  const url = () => {
    if (!worker) throw new Error("the worker is not started yet (use it inside tests or hooks)");
    return worker.url;
  };
  // Resolved on every call, so it can be defined at module level before the worker starts.
  const call = ((method: string, path: string, opts?: Parameters<ReturnType<typeof api>>[2]) =>
    api(url())(method, path, opts)) as ReturnType<typeof api>;
  // Sessions live in this worker's own Durable Objects: its tokens come from signing in to it.
  const token = signer({ url, db: () => dbName });
  return { url, call, dbName, token };
}
