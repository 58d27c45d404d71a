import type { MiddlewareHandler } from "hono";
import { MicroCache } from "../../kernel/lib/micro-cache.ts";
import { requestIdOf } from "../../kernel/lib/request-id.ts";
import type { AppEnv } from "../types.ts";

const isolateCache = new MicroCache();

const bypassesCache = (request: Request) => /no-cache|no-store/.test(request.headers.get("Cache-Control") ?? "");

/**
 * The Worker's first step for every request: a public GET this isolate answered moments ago is
 * answered again from memory, before the router, configuration or logging run, as a CDN would.
 * Only responses the edgeCache() middleware stored get here, so the routes decide what is public.
 */
export function isolateCacheHit(request: Request): Response | null {
  if (request.method !== "GET" || bypassesCache(request)) return null;
  const hit = isolateCache.get(request.url);
  if (!hit) return null;
  hit.headers.set("X-Edge-Cache", "hit");
  hit.headers.set("X-Request-Id", requestIdOf(request));
  return hit;
}

/**
 * Short-lived caching of public GET responses, in front of Redis: first this isolate's memory
 * (isolateCacheHit, in front of the app), then the Cloudflare edge cache of the location (the
 * Cache API), both filled here. Staleness is bounded by
 * EDGE_CACHE_SECONDS, and a stale page can never book anything because the doctor's Durable
 * Object decides. `Cache-Control: no-cache` on the request skips both lookups.
 *
 * A route opts in by answering `Cache-Control: public…`; the freshness it states is then replaced
 * here by the one value every answer carries, whichever cache (or none) answered: clients and
 * CDNs see EDGE_CACHE_SECONDS on a miss, an isolate hit and an edge hit alike.
 */
export function edgeCache(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const seconds = c.get("config").EDGE_CACHE_SECONDS;
    if (c.req.method !== "GET") return next();
    if (seconds === 0) {
      await next();
      if (isPublic(c.res)) c.res.headers.set("Cache-Control", publicFreshness(0));
      return;
    }
    const bypass = bypassesCache(c.req.raw);
    const edge = typeof caches === "undefined" ? null : (caches as unknown as { default: Cache }).default;
    // This isolate's memory was asked before the app was entered (isolateCacheHit): asking it
    // again here would make the request picked to refresh an expired entry serve it stale.
    const remote = !bypass && edge ? await edge.match(edgeKey(c.req.url)) : undefined;
    if (remote) {
      // The Cache API's Response has immutable headers.
      const res = new Response(remote.body, remote);
      // Kept in this isolate too, for what is left of its time (so staleness stays bounded).
      const leftMs = Number(res.headers.get(STORED_AT) ?? 0) + seconds * 1000 - Date.now();
      res.headers.delete(STORED_AT);
      if (leftMs > 0) await isolateCache.put(c.req.url, res.clone(), leftMs / 1000);
      res.headers.set("X-Edge-Cache", "hit");
      res.headers.set("X-Request-Id", c.get("requestId"));
      return res;
    }
    await next();
    if (c.res.status !== 200 || !isPublic(c.res)) return;
    c.res.headers.set("Cache-Control", publicFreshness(seconds));
    const headers = new Headers(c.res.headers);
    headers.delete("X-Request-Id");
    headers.delete("X-Edge-Cache");
    const stored = new Response(await c.res.clone().arrayBuffer(), { status: 200, headers });
    await isolateCache.put(c.req.url, stored.clone(), seconds);
    if (edge) {
      stored.headers.set(STORED_AT, String(Date.now()));
      c.executionCtx.waitUntil(edge.put(edgeKey(c.req.url), stored));
    }
    c.res.headers.set("X-Edge-Cache", bypass ? "bypass" : "miss");
  };
}

/** The one Cache-Control of every public read (browsers and shared caches alike). */
const publicFreshness = (seconds: number) =>
  seconds > 0 ? `public, max-age=${seconds}, s-maxage=${seconds}` : "public, no-cache";

const isPublic = (res: Response) => /\bpublic\b/.test(res.headers.get("Cache-Control") ?? "");

/** When the edge copy was stored (ms), so another isolate that picks it up knows how long it has left. */
const STORED_AT = "X-Prescripto-Stored-At";

const edgeKey = (url: string) => new Request(url, { method: "GET" });
