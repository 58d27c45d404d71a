import { Redis } from "@upstash/redis/cloudflare";
import type { AppConfig } from "../config.ts";
import type { Logger } from "../lib/logger.ts";

/**
 * `shared: true` is for a client kept by the isolate and used by many requests: it turns off
 * @upstash/redis' automatic pipelining, which would otherwise let one request await a fetch that
 * another request started (workerd does not allow I/O across request contexts). Without it every
 * command is its own fetch, issued and awaited by the request that sent it.
 */
export function createRedis(config: AppConfig, options: { shared?: boolean } = {}): Redis {
  return new Redis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
    // A slow cache must not slow the request down for long: fail fast and read the source.
    retry: { retries: 1, backoff: () => 50 },
    signal: () => AbortSignal.timeout(1_500),
    ...(options.shared ? { enableAutoPipelining: false } : {}),
  });
}

export type CacheStatus = "hit" | "miss" | "bypass";

/**
 * Cache-aside read. Redis being down degrades to reading the source (status "bypass"); it never
 * fails the request. Writing the cache happens after the response via waitUntil.
 */
export async function cacheAside<T>(opts: {
  key: string;
  read: () => Promise<T | null>;
  write: (value: T) => Promise<unknown>;
  load: () => Promise<T>;
  log: Logger;
  waitUntil: (p: Promise<unknown>) => void;
}): Promise<{ value: T; cache: CacheStatus }> {
  let cached: T | null = null;
  let redisUp = true;
  try {
    cached = await opts.read();
  } catch (error) {
    redisUp = false;
    opts.log.warn("cache read failed", { key: opts.key, error });
  }
  if (cached !== null && cached !== undefined) return { value: cached, cache: "hit" };

  const value = await opts.load();
  if (redisUp) {
    opts.waitUntil(
      opts.write(value).catch((error: unknown) => opts.log.warn("cache write failed", { key: opts.key, error })),
    );
  }
  return { value, cache: redisUp ? "miss" : "bypass" };
}

/**
 * The common case of cacheAside: one JSON value under one key with a TTL. Creates the request's
 * client; a Redis failure degrades to `load` exactly as cacheAside does.
 */
export function cachedValue<T>(opts: {
  config: AppConfig;
  key: string;
  ttlSeconds: number;
  load: () => Promise<T>;
  log: Logger;
  waitUntil: (p: Promise<unknown>) => void;
}): Promise<{ value: T; cache: CacheStatus }> {
  const redis = createRedis(opts.config);
  return cacheAside<T>({
    key: opts.key,
    read: () => redis.get<T>(opts.key),
    write: (v) => redis.set(opts.key, v, { ex: opts.ttlSeconds }),
    load: opts.load,
    log: opts.log,
    waitUntil: opts.waitUntil,
  });
}
