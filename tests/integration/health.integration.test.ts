import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { eventually, withMongo } from "../support/mongo.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";

interface Health {
  status: string;
  version: string;
  failing: string[];
  checks: Record<string, { ok: boolean; error?: string; detail?: Record<string, unknown>; issues?: unknown[] }>;
}

const url = inject("workerUrl");

describe("GET /api/health with every dependency up", () => {
  it("returns 200 with each dependency checked and the build version", async () => {
    const res = await fetch(`${url}/api/health`);
    const body = (await res.json()) as Health;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(body.status).toBe("ok");
    expect(body.version).toBe("test-build");
    expect(body.failing).toEqual([]);
    for (const name of ["config", "doctorSchedule", "redis", "mongo", "queue"]) {
      expect(body.checks[name]?.ok, name).toBe(true);
    }
    // Every migration in migrations/doctor-schedule/ (the journal) has run.
    const journal = (await import("../../migrations/doctor-schedule/meta/_journal.json")).default;
    expect(body.checks.doctorSchedule?.detail).toMatchObject({ migrationsApplied: journal.entries.length });
    expect(body.checks.doctorSchedule?.detail?.tables).toContain("outbox");
  });

  it("sends a queue probe that the consumer writes to MongoDB", async () => {
    const res = await fetch(`${url}/api/health`);
    const body = (await res.json()) as Health;
    const probeId = body.checks.queue?.detail?.probeId as string;
    expect(probeId).toMatch(/^[a-f0-9]{32}$/);
    const probe = await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      eventually(() => db.collection<{ _id: string; consumedAt: Date }>("queue_probes").findOne({ _id: probeId }), {
        what: `probe ${probeId} in MongoDB`,
        timeoutMs: 30_000,
      }),
    );
    expect(probe.consumedAt).toBeInstanceOf(Date);
  });

  it("echoes a caller's X-Request-Id", async () => {
    const res = await fetch(`${url}/api/health`, { headers: { "X-Request-Id": "trace-abc-123" } });
    await res.arrayBuffer();
    expect(res.headers.get("x-request-id")).toBe("trace-abc-123");
  });
});

describe("GET /api/health with dependencies down", () => {
  let broken: WorkerProcess;
  let misconfigured: WorkerProcess;

  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
    [broken, misconfigured] = await Promise.all([
      startTestWorker(
        "broken-deps",
        workerVars("prescripto_test_broken", {
          MONGODB_URI: "mongodb://127.0.0.1:9/",
          UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9",
        }),
      ),
      startTestWorker(
        "misconfigured",
        workerVars("prescripto_test_misconfigured", { MONGODB_URI: "postgres://nope", MAX_BODY_BYTES: "lots" }),
      ),
    ]);
  });

  afterAll(async () => {
    await Promise.all([broken?.stop(), misconfigured?.stop()]);
  });

  it("returns 503 naming MongoDB and Redis when they are unreachable", async () => {
    const res = await fetch(`${broken.url}/api/health`);
    const body = (await res.json()) as Health;
    expect(res.status).toBe(503);
    expect(body.status).toBe("unhealthy");
    expect(body.failing.sort()).toEqual(["mongo", "redis"]);
    expect(body.checks.doctorSchedule?.ok).toBe(true);
    expect(body.checks.queue?.ok).toBe(true);
  });

  it("returns 503 from /api/v1/doctors as DEPENDENCY_UNAVAILABLE, not 500", async () => {
    const res = await fetch(`${broken.url}/api/v1/doctors`);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(body.error.code).toBe("DEPENDENCY_UNAVAILABLE");
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("reports invalid configuration by setting name", async () => {
    const res = await fetch(`${misconfigured.url}/api/health`);
    const body = (await res.json()) as Health;
    expect(res.status).toBe(503);
    expect(body.failing).toEqual(["config"]);
    const issues = (body.checks.config?.issues ?? []) as { setting: string }[];
    const settings = issues.map((i) => i.setting).sort();
    expect(settings).toEqual(["MAX_BODY_BYTES", "MONGODB_URI"]);
  });

  it("answers other routes with 503 CONFIG_INVALID naming the setting", async () => {
    const res = await fetch(`${misconfigured.url}/api/v1/doctors`);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(503);
    expect(body.error.code).toBe("CONFIG_INVALID");
    expect(body.error.message).toContain("MONGODB_URI");
  });
});
