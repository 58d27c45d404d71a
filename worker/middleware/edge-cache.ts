import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../types.ts";
import { MicroCache } from "./micro-cache.ts";

const isolateCache = new MicroCache();

/**
 * Short-lived caching of public GET responses, in front of Redis: first this isolate's memory,
 * then the Cloudflare edge cache of the location (the Cache API). Staleness is bounded by
 * EDGE_CACHE_SECONDS, and a stale page can never book anything because the doctor's Durable
 * Object decides. `Cache-Control: no-cache` on the request skips both lookups.
 */
export function edgeCache(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const seconds = c.get("config").EDGE_CACHE_SECONDS;
    if (c.req.method !== "GET" || seconds === 0) return next();
    const bypass = /no-cache|no-store/.test(c.req.header("Cache-Control") ?? "");
    const edge = typeof caches === "undefined" ? null : (caches as unknown as { default: Cache }).default;
    if (!bypass) {
      // The isolate cache hands out a fresh Response; the Cache API's has immutable headers.
      const local = isolateCache.get(c.req.url);
      const remote = local ? undefined : edge ? await edge.match(edgeKey(c.req.url)) : undefined;
      const res = local ?? (remote ? new Response(remote.body, remote) : undefined);
      if (res) {
        res.headers.set("X-Edge-Cache", "hit");
        res.headers.set("X-Request-Id", c.get("requestId"));
        return res;
      }
    }
    await next();
    if (c.res.status !== 200 || !/public/.test(c.res.headers.get("Cache-Control") ?? "")) return;
    const headers = new Headers(c.res.headers);
    headers.set("Cache-Control", `public, max-age=${seconds}`);
    headers.delete("X-Request-Id");
    headers.delete("X-Edge-Cache");
    const stored = new Response(await c.res.clone().arrayBuffer(), { status: 200, headers });
    await isolateCache.put(c.req.url, stored.clone(), seconds);
    if (edge) c.executionCtx.waitUntil(edge.put(edgeKey(c.req.url), stored));
    c.res.headers.set("X-Edge-Cache", bypass ? "bypass" : "miss");
  };
}

const edgeKey = (url: string) => new Request(url, { method: "GET" });
