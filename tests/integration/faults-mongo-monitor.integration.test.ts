import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerretDb } from "../../scripts/services/ferretdb.ts";
import { FERRETDB_BIN } from "../../scripts/setup.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { eventually } from "../support/mongo.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";

type Health = { status?: string; failing?: string[] };

describe.skipIf(!existsSync(FERRETDB_BIN))("MongoDB stalled (SIGSTOP) under the gateway's warm client", () => {
  let worker: WorkerProcess;
  let mongo: Awaited<ReturnType<typeof startFerretDb>>;

  beforeAll(async () => {
    const s = requireServiceEnv();
    mongo = await startFerretDb({ bin: FERRETDB_BIN, dataDir: join(s.runDir, "stall-mongo"), log: () => undefined });
    worker = await startTestWorker("mongo-stall", workerVars("prescripto_test_stall", { MONGODB_URI: mongo.uri }));
  });
  afterAll(async () => {
    mongo?.resume();
    await worker?.stop();
    await mongo?.stop();
  });

  const health = async () => {
    const res = await fetch(`${worker.url}/api/health`);
    return { status: res.status, body: (await res.json()) as Health };
  };

  it("reports mongo failing in /api/health with one warning and no uncaught errors, and recovers", async () => {
    expect((await health()).status).toBe(200);
    const logStart = readFileSync(worker.proc.logFile, "utf8").length;

    mongo.pause();
    try {
      // Past the driver's heartbeat (10 s) plus its timeout, so its server monitor times out and
      // interrupts the pooled connections that reads are waiting on.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const [h, ...reads] = await Promise.all([
          health(),
          ...Array.from({ length: 3 }, () =>
            fetch(`${worker.url}/api/v1/doctors?speciality=${crypto.randomUUID()}`, {
              headers: { "Cache-Control": "no-cache" },
            }),
          ),
        ]);
        expect(h.status).toBe(503);
        expect(h.body.failing).toContain("mongo");
        // MongoDB is the source of this listing: 503 DEPENDENCY_UNAVAILABLE, never a 500.
        for (const r of reads) {
          await r.arrayBuffer();
          expect(r.status).toBe(503);
        }
      }
    } finally {
      mongo.resume();
    }
    await eventually(async () => ((await health()).status === 200 ? true : null), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: "/api/health back to 200 after MongoDB continued",
    });

    const lines = readFileSync(worker.proc.logFile, "utf8").slice(logStart).split("\n");
    const uncaught = lines.filter((l) => /uncaught/i.test(l));
    expect(uncaught, uncaught.slice(0, 5).join("\n")).toEqual([]);
    // One warning per gateway object (MONGO_GATEWAY_SHARDS of them) for the whole outage, not one
    // per failed call.
    const shardsOf = (msg: string) =>
      lines
        .filter((l) => l.includes(`"msg":"${msg}"`))
        .map((l) => (JSON.parse(l.slice(l.indexOf("{"))) as { shard: string }).shard);
    const warned = shardsOf("mongodb unavailable");
    expect(warned.length).toBeGreaterThan(0);
    expect(new Set(warned).size).toBe(warned.length);
    // The shard that answered health again said so.
    expect(shardsOf("mongodb available again").length).toBeGreaterThan(0);
  }, 90_000);
});
