import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../types.ts";

/**
 * Short-lived caching of public GET responses in the Cloudflare edge cache of the location that
 * served them (the Cache API). It sits in front of Redis: a hit costs no subrequest at all.
 * Staleness is bounded by EDGE_CACHE_SECONDS, and a stale page can never book anything because
 * the doctor's Durable Object decides. `Cache-Control: no-cache` on the request skips the lookup.
 */
export function edgeCache(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const seconds = c.get("config").EDGE_CACHE_SECONDS;
    if (c.req.method !== "GET" || seconds === 0 || typeof caches === "undefined") return next();
    const cache = (caches as unknown as { default: Cache }).default;
    const key = new Request(c.req.url, { method: "GET" });
    const bypass = /no-cache|no-store/.test(c.req.header("Cache-Control") ?? "");
    if (!bypass) {
      const hit = await cache.match(key);
      if (hit) {
        const res = new Response(hit.body, hit);
        res.headers.set("X-Edge-Cache", "hit");
        return res;
      }
    }
    await next();
    if (c.res.status !== 200 || !/public/.test(c.res.headers.get("Cache-Control") ?? "")) return;
    const stored = c.res.clone();
    const headers = new Headers(stored.headers);
    headers.set("Cache-Control", `public, max-age=${seconds}`);
    headers.delete("X-Request-Id");
    c.executionCtx.waitUntil(cache.put(key, new Response(stored.body, { status: 200, headers })));
    c.res.headers.set("X-Edge-Cache", bypass ? "bypass" : "miss");
  };
}
