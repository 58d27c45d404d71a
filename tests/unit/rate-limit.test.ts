import { Hono, type MiddlewareHandler } from "hono";
import { describe, expect, it } from "vitest";
import { onError } from "../../worker/http/middleware/error-handler.ts";
import { bookingFloodControl } from "../../worker/http/middleware/flood-control.ts";
import { accountKey, clientIpKey, ipv6Prefix64, rateLimit } from "../../worker/http/middleware/rate-limit.ts";
import type { AppEnv } from "../../worker/http/types.ts";
import { type AppConfig, loadConfig } from "../../worker/kernel/config.ts";
import { createLogger } from "../../worker/kernel/lib/logger.ts";
import { parseRateLimitSpec } from "../../worker/kernel/lib/rate-limit-spec.ts";
import { fakeEnv } from "../support/fake-env.ts";

describe("parseRateLimitSpec", () => {
  it("reads count/window with units s, m, h, d", () => {
    expect(parseRateLimitSpec("20/1m")).toEqual({ limit: 20, windowSeconds: 60, window: "60 s" });
    expect(parseRateLimitSpec("5/15m")).toEqual({ limit: 5, windowSeconds: 900, window: "900 s" });
    expect(parseRateLimitSpec("3/10s")?.windowSeconds).toBe(10);
    expect(parseRateLimitSpec("1000/h")?.windowSeconds).toBe(3_600);
    expect(parseRateLimitSpec("7/1d")?.windowSeconds).toBe(86_400);
  });

  it("refuses anything else", () => {
    for (const bad of ["", "20", "20/", "20/1", "0/1m", "20/0m", "-1/1m", "20/1w", "1.5/1m", "20 per minute", "9/8d"]) {
      expect(parseRateLimitSpec(bad)).toBeNull();
    }
  });

  it("names the setting when configuration holds a bad limit", () => {
    const settingsWithIssues = (env: Env) => {
      const result = loadConfig(env);
      return result.ok ? [] : result.issues.map((i) => i.setting);
    };
    expect(settingsWithIssues(fakeEnv({ RATE_LIMIT_BOOKING: "lots" }))).toContain("RATE_LIMIT_BOOKING");
    expect(settingsWithIssues(fakeEnv({ RATE_LIMIT_BOOKING: "20/1m" }))).not.toContain("RATE_LIMIT_BOOKING");
    expect(settingsWithIssues(fakeEnv({ RATE_LIMIT_AUTH_IP: undefined }))).toContain("RATE_LIMIT_AUTH_IP");
  });
});

describe("booking flood control (the Rate Limiting binding)", () => {
  function floodApp(setting: string, limiter: (key: string) => { success: boolean }) {
    const env = fakeEnv({ RATE_LIMIT_BOOKING: setting });
    const loaded = loadConfig(env);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const keys: string[] = [];
    let handled = 0;
    const bindings = {
      BOOKING_LIMITER: {
        limit: async ({ key }: { key: string }) => {
          keys.push(key);
          return limiter(key);
        },
      },
    } as unknown as Env;
    const app = new Hono<AppEnv>();
    app.use("*", async (c, next) => {
      c.set("config", loaded.config);
      c.set("log", createLogger({ level: "error" }));
      c.set("caller", { role: "patient", id: "usr_1" });
      await next();
    });
    app.post("/book", bookingFloodControl(), (c) => {
      handled++;
      return c.json({ ok: true }, 201);
    });
    app.onError(onError);
    const request = () => app.request("/book", { method: "POST" }, bindings);
    return { request, keys, handled: () => handled, config: loaded.config };
  }

  it("configured off, never asks the binding", async () => {
    const flood = floodApp("off", () => {
      throw new Error("the binding must not be called");
    });
    expect(flood.config.RATE_LIMIT_BOOKING).toBeNull();
    for (let i = 0; i < 3; i++) expect((await flood.request()).status).toBe(201);
    expect(flood.keys).toEqual([]);
    expect(flood.handled()).toBe(3);
  });

  it("counts per caller and lets the booking through while the binding allows it", async () => {
    const flood = floodApp("20/1m", () => ({ success: true }));
    expect((await flood.request()).status).toBe(201);
    expect(flood.keys).toEqual(["patient:usr_1"]);
  });

  it("refuses with 429 RATE_LIMITED and Retry-After of the window, before the handler runs", async () => {
    const flood = floodApp("20/1m", () => ({ success: false }));
    const res = await flood.request();
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("60");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect(flood.handled()).toBe(0);
  });
});

describe("rate-limit keys", () => {
  it("groups IPv6 clients by /64 and keeps IPv4 addresses whole", async () => {
    expect(ipv6Prefix64("2001:db8:abcd:12:1::5")).toBe("2001:db8:abcd:12");
    expect(ipv6Prefix64("2001:0db8:abcd:0012:ffff:ffff:ffff:ffff")).toBe("2001:db8:abcd:12");
    expect(ipv6Prefix64("2001:db8::1")).toBe("2001:db8:0:0");
    expect(ipv6Prefix64("::1")).toBe("0:0:0:0");
    expect(ipv6Prefix64("fe80::1%eth0")).toBe("fe80:0:0:0");
    const app = new Hono<AppEnv>().get("/", (c) => c.text(clientIpKey(c)));
    const keyFor = async (ip?: string) =>
      (await app.request("/", ip ? { headers: { "CF-Connecting-IP": ip } } : {})).text();
    expect(await keyFor("203.0.113.9")).toBe("ip4:203.0.113.9");
    expect(await keyFor("2001:db8:abcd:12::99")).toBe("ip6:2001:db8:abcd:12");
    expect(await keyFor()).toBe("ip:unknown");
  });

  it("hashes the account email so no address is stored in Redis", async () => {
    const key = await accountKey("asha.rao@example.com");
    expect(key).toMatch(/^acct:[0-9a-f]{64}$/);
    expect(key).not.toContain("asha");
    expect(await accountKey("asha.rao@example.com")).toBe(key);
    expect(await accountKey("asha.rao@example.org")).not.toBe(key);
  });
});

describe("rate-limit middleware with Redis unreachable", () => {
  // Only the settings the limiter reads; nothing listens on port 9. A query string per test gives
  // each its own circuit breaker (they are per Redis URL).
  const configFor = (test: string) =>
    ({
      UPSTASH_REDIS_REST_URL: `http://127.0.0.1:9/?${test}`,
      UPSTASH_REDIS_REST_TOKEN: "unit-token",
      RATE_LIMIT_AUTH_IP: parseRateLimitSpec("1/1m"),
      LOG_LEVEL: "error",
    }) as unknown as AppConfig;
  let config = configFor("none");

  function appWith(...middleware: MiddlewareHandler<AppEnv>[]) {
    const lines: string[] = [];
    let handled = 0;
    const app = new Hono<AppEnv>();
    app.use("*", async (c, next) => {
      c.set("config", config);
      c.set("log", createLogger({ level: "warn", sink: (l) => lines.push(l) }));
      await next();
    });
    for (const m of middleware) app.use("/book", m);
    app.post("/book", (c) => {
      handled++;
      return c.json({ ok: true }, 201);
    });
    app.onError(onError);
    return { app, lines, handled: () => handled };
  }

  it("rateLimit fails open, with one warning (no key in it) and no headers, then skips Redis quietly", async () => {
    config = configFor("plain");
    const { app, lines, handled } = appWith(rateLimit("authIp", () => "ip4:192.0.2.1"));
    for (let i = 0; i < 3; i++) {
      const res = await app.request("/book", { method: "POST" });
      expect(res.status).toBe(201);
      expect(res.headers.get("RateLimit-Limit")).toBeNull();
    }
    expect(handled()).toBe(3);
    // The first request found Redis down; its circuit then skips Redis without a line per request.
    expect(lines.length).toBe(1);
    const warning = JSON.parse(lines[0] ?? "{}");
    expect(warning).toMatchObject({ level: "warn", policy: "authIp" });
    expect(warning.msg).toContain("fail open");
    expect(lines.join("\n")).not.toContain("192.0.2.1");
  });
});
