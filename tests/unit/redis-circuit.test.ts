import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  createRedis,
  REDIS_OPEN_MS,
  REDIS_TIMEOUT_MS,
  RedisCircuitOpenError,
} from "../../worker/kernel/clients/redis.ts";
import { requireConfig } from "../../worker/kernel/config.ts";
import { fakeEnv } from "../support/fake-env.ts";

type Mode = "up" | "hang" | "5xx" | "noscript";

/** A stand-in Upstash REST endpoint on loopback whose behaviour a test switches. */
async function fakeUpstash() {
  const state = { mode: "up" as Mode, commands: [] as unknown[][] };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      if (state.mode === "hang") return; // never answers: a stalled Redis
      if (state.mode === "5xx") {
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":"ERR connection lost"}');
        return;
      }
      if (state.mode === "noscript") {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":"NOSCRIPT No matching script"}');
        return;
      }
      const body = JSON.parse(raw) as unknown[];
      const commands = req.url === "/pipeline" ? (body as unknown[][]) : [body];
      state.commands.push(...commands);
      const results = commands.map(() => ({ result: null }));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(req.url === "/pipeline" ? results : results[0]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { state, url, close };
}

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setUp(options: { shared?: boolean } = {}) {
  const upstash = await fakeUpstash();
  servers.push(upstash);
  // Each test gets its own URL, hence its own circuit.
  const config = requireConfig(fakeEnv({ UPSTASH_REDIS_REST_URL: upstash.url }));
  return { upstash, redis: () => createRedis(config, options) };
}

async function until<T>(fn: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the Redis client's circuit breaker", () => {
  it("waits out one timeout, then skips a stalled Redis without sending anything", async () => {
    const { upstash, redis } = await setUp({ shared: true });
    upstash.state.mode = "hang";
    const started = Date.now();
    await expect(redis().get("k")).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(REDIS_TIMEOUT_MS + 400);

    const skipped = Date.now();
    for (let i = 0; i < 20; i++) await expect(redis().get("k")).rejects.toBeInstanceOf(RedisCircuitOpenError);
    expect(Date.now() - skipped).toBeLessThan(100);
  });

  it("opens on a 5xx from the REST endpoint and closes when a probe succeeds", async () => {
    const { upstash, redis } = await setUp();
    upstash.state.mode = "5xx";
    await expect(redis().get("k")).rejects.toThrow();
    await expect(redis().get("k")).rejects.toBeInstanceOf(RedisCircuitOpenError);
    upstash.state.mode = "up";
    const started = Date.now();
    await until(async () => ((await redis().get("k")) === null ? true : null), REDIS_OPEN_MS + 2_000);
    expect(Date.now() - started).toBeLessThan(REDIS_OPEN_MS + 1_000);
    // Closed again: every call reaches Redis.
    for (let i = 0; i < 5; i++) await redis().get(`k${i}`);
    expect(upstash.state.commands.filter((c) => c[0] === "get")).toHaveLength(6);
  }, 10_000);

  it("replays an invalidation skipped during the outage before anything else reaches Redis", async () => {
    const { upstash, redis } = await setUp({ shared: true });
    upstash.state.mode = "5xx";
    await expect(redis().get("warm")).rejects.toThrow();
    await expect(redis().del("doctor:d1", "doctors:all")).rejects.toBeInstanceOf(RedisCircuitOpenError);
    upstash.state.mode = "up";
    await until(async () => ((await redis().get("doctor:d1")) === null ? true : null), REDIS_OPEN_MS + 2_000);
    expect(upstash.state.commands[0]).toEqual(["del", "doctor:d1", "doctors:all"]);
    expect(upstash.state.commands[1]).toEqual(["get", "doctor:d1"]);
    // Replayed once, not on every later call.
    await redis().get("x");
    expect(upstash.state.commands.filter((c) => c[0] === "del")).toHaveLength(1);
  }, 10_000);

  it("treats a Redis error reply (NOSCRIPT) as Redis answering", async () => {
    const { upstash, redis } = await setUp({ shared: true });
    upstash.state.mode = "noscript";
    await expect(redis().evalsha("abc", [], [])).rejects.toThrow(/NOSCRIPT/);
    upstash.state.mode = "up";
    await expect(redis().get("k")).resolves.toBeNull();
  });
});
