import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis, type RedisConfigNodejs } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisService, startRedis } from "../../scripts/services/redis.ts";
import { startUpstashBridge, type UpstashBridge } from "../../scripts/services/upstash-bridge.ts";
import { ensureSystemDeps, findRedisServer } from "../../scripts/setup.ts";

/**
 * The Worker talks to Redis only through @upstash/redis, so the local bridge is tested
 * with that exact client against a real redis-server: if these pass, the app's Redis
 * code behaves the same locally as against Upstash.
 */

const TOKEN = "bridge-test-token";
let dataDir: string;
let redisServer: RedisService;
let bridge: UpstashBridge;

// Independent of the services `npm test` starts: own temp dir, own redis-server.
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "upstash-bridge-test-"));
  const bin = findRedisServer() ?? (await ensureSystemDeps({ chromium: false, log: console.log })).redisServer;
  redisServer = await startRedis({ bin, dataDir, log: () => {} });
  bridge = await startUpstashBridge({ redisUrl: redisServer.url, token: TOKEN });
}, 60_000);

afterAll(async () => {
  await bridge?.close();
  await redisServer?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Unique key per test, so tests never see each other's data. */
const key = (name: string) => `test:${name}:${randomUUID()}`;

function client(options: Partial<RedisConfigNodejs> = {}): Redis {
  return new Redis({ url: bridge.url, token: TOKEN, automaticDeserialization: true, ...options });
}

/** How many HTTP batches an auto-pipelining client has sent (its own, untyped counter). */
function autoPipelineRequests(redis: Redis): number {
  return (redis as unknown as { pipelineCounter: number }).pipelineCounter;
}

async function rawPost(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${bridge.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
    body,
  });
}

describe.each<{ encoding: string; options: Partial<RedisConfigNodejs> }>([
  { encoding: "base64 response encoding (client default)", options: {} },
  { encoding: "responseEncoding: false", options: { responseEncoding: false } },
])("single commands with $encoding", ({ options }) => {
  it("round-trips plain strings with set/get", async () => {
    const redis = client(options);
    const k = key("string");
    expect(await redis.set(k, "hello world")).toBe("OK");
    expect(await redis.get(k)).toBe("hello world");
  });

  it("stores objects as JSON and returns them deserialized", async () => {
    const redis = client(options);
    const k = key("json");
    const doctor = { id: "d1", name: "Dr. Rao", fees: 500, slots: ["10:00", "10:30"], active: true, note: null };
    await redis.set(k, doctor);
    expect(await redis.get(k)).toEqual(doctor);
  });

  it("round-trips unicode and emoji byte-exact", async () => {
    const redis = client(options);
    const k = key("unicode");
    const text = "Dr. Müller — नमस्ते, 你好, Ünïcødé ✓ 🩺👩‍⚕️";
    await redis.set(k, text);
    expect(await redis.get(k)).toBe(text);
    expect(await redis.strlen(k)).toBe(Buffer.byteLength(text, "utf8"));
  });

  it("counts with incr and reports expiry with expire/ttl", async () => {
    const redis = client(options);
    const k = key("counter");
    expect(await redis.incr(k)).toBe(1);
    expect(await redis.incrby(k, 41)).toBe(42);
    expect(await redis.ttl(k)).toBe(-1);
    expect(await redis.expire(k, 100)).toBe(1);
    const ttl = await redis.ttl(k);
    expect(ttl).toBeGreaterThan(95);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await redis.ttl(key("missing"))).toBe(-2);
  });

  it("honours SET options (EX, NX)", async () => {
    const redis = client(options);
    const k = key("set-options");
    expect(await redis.set(k, "first", { nx: true, ex: 60 })).toBe("OK");
    expect(await redis.set(k, "second", { nx: true })).toBeNull();
    expect(await redis.get(k)).toBe("first");
    expect(await redis.ttl(k)).toBeGreaterThan(50);
  });

  it("returns hashes from hset/hgetall as objects", async () => {
    const redis = client(options);
    const k = key("hash");
    expect(await redis.hset(k, { name: "Dr. Rao", fees: 500, city: "Pune" })).toBe(3);
    expect(await redis.hgetall(k)).toEqual({ name: "Dr. Rao", fees: 500, city: "Pune" });
    expect(await redis.hget(k, "city")).toBe("Pune");
    expect(await redis.hgetall(key("missing-hash"))).toBeNull();
  });

  it("returns sorted-set members from zadd/zrange in score order, with scores", async () => {
    const redis = client(options);
    const k = key("zset");
    expect(await redis.zadd(k, { score: 2, member: "b" }, { score: 1, member: "a" }, { score: 3.5, member: "c" })).toBe(
      3,
    );
    expect(await redis.zrange(k, 0, -1)).toEqual(["a", "b", "c"]);
    expect(await redis.zrange(k, 0, -1, { withScores: true })).toEqual(["a", 1, "b", 2, "c", 3.5]);
    expect(await redis.zscore(k, "c")).toBe(3.5);
  });

  it("returns null for missing keys in mget", async () => {
    const redis = client(options);
    const [a, b] = [key("mget-a"), key("mget-b")];
    await redis.set(a, "A");
    await redis.set(b, { n: 1 });
    expect(await redis.mget(a, key("mget-missing"), b)).toEqual(["A", null, { n: 1 }]);
  });
});

describe("pipelines and transactions", () => {
  it("runs redis.pipeline() and returns every result in order", async () => {
    const redis = client();
    const [k, counter] = [key("pipe"), key("pipe-counter")];
    const results = await redis
      .pipeline()
      .set(k, { ok: true })
      .get(k)
      .incr(counter)
      .incr(counter)
      .get(key("pipe-missing"))
      .exec();
    expect(results).toEqual(["OK", { ok: true }, 1, 2, null]);
  });

  it("runs redis.multi() as one MULTI/EXEC transaction", async () => {
    const redis = client({ responseEncoding: false });
    const [k, list] = [key("multi"), key("multi-list")];
    const results = await redis.multi().set(k, "v").rpush(list, "x", "y").lrange(list, 0, -1).get(k).exec();
    expect(results).toEqual(["OK", 2, ["x", "y"], "v"]);
  });

  it("batches concurrent commands into pipeline requests with enableAutoPipelining", async () => {
    const redis = client({ enableAutoPipelining: true });
    const keys = [key("auto-1"), key("auto-2"), key("auto-3")];
    await Promise.all(keys.map((k, i) => redis.set(k, `value-${i}`)));
    const values = await Promise.all([...keys.map((k) => redis.get(k)), redis.get(key("auto-missing"))]);
    expect(values).toEqual(["value-0", "value-1", "value-2", null]);
    // Seven commands, but only one write batch and one read batch went over HTTP.
    expect(autoPipelineRequests(redis)).toBe(2);
  });
});

describe("errors", () => {
  it("throws the Redis error when a command fails (INCR on a non-integer)", async () => {
    const redis = client();
    const k = key("not-a-number");
    await redis.set(k, "abc");
    await expect(redis.incr(k)).rejects.toThrow(/ERR value is not an integer or out of range/);
  });

  it("throws for an unknown command", async () => {
    await expect(client().exec(["NO_SUCH_COMMAND", "x"])).rejects.toThrow(/ERR unknown command/);
  });

  it("throws when a command inside a pipeline fails, naming that command", async () => {
    const redis = client();
    const k = key("pipe-error");
    await expect(redis.pipeline().set(k, "abc").incr(k).get(k).exec()).rejects.toThrow(
      /Command 2 \[ incr \] failed: ERR value is not an integer/,
    );
    // A pipeline is not atomic: the commands around the failed one still ran.
    expect(await redis.get(k)).toBe("abc");
  });

  it("reports per-command errors from pipeline exec({ keepErrors: true })", async () => {
    const redis = client();
    const k = key("keep-errors");
    const results = await redis.pipeline().set(k, "abc").incr(k).get(k).exec({ keepErrors: true });
    expect(results.map((r) => r.error ?? null)).toEqual([
      null,
      expect.stringMatching(/^ERR value is not an integer/),
      null,
    ]);
    expect(results[2]?.result).toBe("abc");
  });

  it("throws when a command inside an auto-pipelined batch fails, without failing its neighbours", async () => {
    const redis = client({ enableAutoPipelining: true });
    const [k, neighbour] = [key("auto-error"), key("auto-neighbour")];
    await redis.set(k, "abc");
    const before = autoPipelineRequests(redis);
    // Both are writes, so they travel in the same batch.
    const [failed, ok] = await Promise.allSettled([redis.incr(k), redis.set(neighbour, "fine")]);
    expect(autoPipelineRequests(redis) - before).toBe(1);
    expect(failed.status).toBe("rejected");
    expect(String((failed as PromiseRejectedResult).reason)).toMatch(/ERR value is not an integer/);
    expect(ok).toEqual({ status: "fulfilled", value: "OK" });
    expect(await redis.get(neighbour)).toBe("fine");
  });

  it("aborts a multi-exec transaction entirely when a command cannot be queued", async () => {
    const k = key("execabort");
    const res = await rawPost("/multi-exec", JSON.stringify([["SET", k, "1"], ["NO_SUCH_COMMAND"]]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^EXECABORT .*unknown command/);
    expect(await client().get(k)).toBeNull();
  });

  it("rejects a wrong token with 401 Unauthorized, which the client throws", async () => {
    const redis = new Redis({ url: bridge.url, token: "wrong-token", retry: false });
    await expect(redis.get("anything")).rejects.toThrow(/Unauthorized/);
  });

  it("answers 401 Unauthorized when the Authorization header is missing", async () => {
    const res = await fetch(bridge.url, { method: "POST", body: JSON.stringify(["PING"]) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized" });
  });

  it("answers 400 with an error to a malformed JSON body", async () => {
    const res = await rawPost("/", '["SET", "k"');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/JSON/);
  });
});

describe("REST protocol details", () => {
  it("base64-encodes every string of a nested result and leaves numbers and nulls alone", async () => {
    const k = key("nested");
    await client().set(k, "héllo");
    const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
    const res = await rawPost(
      "/",
      JSON.stringify(["EVAL", "return {7, redis.call('GET', KEYS[1]), {'x', 8}, false}", 1, k]),
      { "Upstash-Encoding": "base64" },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: [7, b64("héllo"), [b64("x"), 8], null] });
  });

  it("runs scripts with Upstash-only shebang flags (as @upstash/ratelimit sends them), EVALSHA by the original hash", async () => {
    const k = key("flagged-script");
    const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCR', KEYS[1])";
    const sha = createHash("sha1").update(script).digest("hex");
    const evalsha = () => rawPost("/pipeline", JSON.stringify([["EVALSHA", sha, 1, k]]));
    // Unknown to Redis until first EVAL'd: NOSCRIPT, which the client answers with an EVAL.
    expect(((await (await evalsha()).json()) as { error?: string }[])[0]?.error).toMatch(/NOSCRIPT/);
    expect(await (await rawPost("/", JSON.stringify(["EVAL", script, 1, k]))).json()).toEqual({ result: 1 });
    expect(await (await evalsha()).json()).toEqual([{ result: 2 }]);
  });

  it("keeps binary values byte-exact through a POSTed value and base64 responses", async () => {
    const k = key("binary");
    const bytes = Buffer.from([0x00, 0xff, 0x80, 0x0a, 0xc3, 0x28]);
    const set = await fetch(`${bridge.url}/set/${encodeURIComponent(k)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: bytes,
    });
    expect(await set.json()).toEqual({ result: "OK" });
    const get = await rawPost("/", JSON.stringify(["GET", k]), { "Upstash-Encoding": "base64" });
    const { result } = (await get.json()) as { result: string };
    expect(Buffer.from(result, "base64")).toEqual(bytes);
  });

  it("supports the GET path form /set/<key>/<value> and the _token query parameter", async () => {
    const k = key("path form");
    const set = await fetch(
      `${bridge.url}/set/${encodeURIComponent(k)}/${encodeURIComponent("a/b c")}?_token=${TOKEN}`,
    );
    expect(await set.json()).toEqual({ result: "OK" });
    const get = await fetch(`${bridge.url}/get/${encodeURIComponent(k)}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await get.json()).toEqual({ result: "a/b c" });
  });

  it("accepts the upstash-sync-token header that read-your-writes clients send", async () => {
    const res = await rawPost("/", JSON.stringify(["PING"]), { "upstash-sync-token": "some-token" });
    expect(await res.json()).toEqual({ result: "PONG" });
  });

  it("refuses commands that would hijack the shared connection", async () => {
    const res = await rawPost("/", JSON.stringify(["SELECT", 1]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/SELECT/);
  });

  it("keeps serving other requests while a blocking command waits", async () => {
    const blocking = rawPost("/", JSON.stringify(["BLPOP", key("never-pushed"), 2])).then(async (res) => ({
      which: "blpop",
      body: await res.json(),
    }));
    const ping = rawPost("/", JSON.stringify(["PING"])).then(async (res) => ({
      which: "ping",
      body: await res.json(),
    }));
    // Had BLPOP occupied the shared connection, PING could only answer after its 2 s timeout.
    expect(await Promise.race([blocking, ping])).toEqual({ which: "ping", body: { result: "PONG" } });
    expect(await blocking).toEqual({ which: "blpop", body: { result: null } });
  });
});
