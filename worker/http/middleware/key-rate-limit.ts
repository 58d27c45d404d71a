import { Ratelimit } from "@upstash/ratelimit";
import type { Context, Next } from "hono";
import type { Caller } from "../../kernel/auth/caller.ts";
import { createRedis, isRedisCircuitOpen } from "../../kernel/clients/redis.ts";
import type { AppConfig } from "../../kernel/config.ts";
import { BoundedMap } from "../../kernel/lib/bounded-map.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { parseRateLimitSpec, type RateLimitSpec } from "../../kernel/lib/rate-limit-spec.ts";
import type { AppEnv } from "../types.ts";

/**
 * Per-API-key quotas: the key's own limit (set when it is issued) or RATE_LIMIT_API_KEY.
 *
 * Why @upstash/ratelimit and not the Workers Rate Limiting binding: the quota is part of the API
 * product and is advertised in every response, so it must be exact and global, and the headers
 * need the remaining count and the reset time. The binding counts per Cloudflare location,
 * approximately, and answers only yes/no. A fixed window on the app's Redis costs one round trip
 * (EVALSHA) and makes `t` exact: when it runs out the whole quota is back.
 *
 * Headers follow draft-ietf-httpapi-ratelimit-headers (-10/-11): `RateLimit-Policy: "key";q=N;w=S`
 * and `RateLimit: "key";r=R;t=T`; a refusal is 429 RATE_LIMITED with `Retry-After`. Redis failing
 * or slow fails open (no headers, logged), as the other limits do: a cache outage must not stop
 * clinics from booking.
 */
const POLICY = "key";
const CHECK_TIMEOUT_MS = 1_000;
const BLOCKED_CACHE_MAX = 10_000;

interface KeyVerdict {
  spec: RateLimitSpec;
  success: boolean;
  remaining: number;
  /** Unix ms when the window resets. */
  reset: number;
}

/** Runs after the caller is known (requireRole): counts one request against the caller's key. */
export async function limitApiKey(c: Context<AppEnv>, caller: Caller, next: Next): Promise<void> {
  const config = c.get("config");
  const spec = (caller.rateLimit ? parseRateLimitSpec(caller.rateLimit) : null) ?? config.RATE_LIMIT_API_KEY;
  if (!spec || !caller.apiKeyId) return next();
  const verdict = await check(c, config, spec, caller.apiKeyId);
  if (!verdict) return next();
  if (!verdict.success) {
    c.get("log").info("api key rate limited", { keyId: caller.apiKeyId });
    const retryAfter = Math.max(1, secondsUntil(verdict.reset));
    throw new AppError("RATE_LIMITED", `This API key's quota is used up; try again in ${retryAfter} s`, {
      headers: { ...rateLimitHeaders(verdict), "Retry-After": String(retryAfter) },
    });
  }
  setHeaders(c, verdict);
  await next();
  // Again: a response built without `c` (an idempotent replay) has not picked them up.
  setHeaders(c, verdict);
}

async function check(
  c: Context<AppEnv>,
  config: AppConfig,
  spec: RateLimitSpec,
  keyId: string,
): Promise<KeyVerdict | null> {
  try {
    const r = await limiterFor(config, spec).limit(keyId);
    if (r.reason === "timeout") {
      c.get("log").warn("api key rate limit timed out; allowing the request (fail open)");
      return null;
    }
    return { spec, success: r.success, remaining: r.remaining, reset: r.reset };
  } catch (error) {
    if (isRedisCircuitOpen(error)) c.get("log").debug("api key rate limit skipped: redis circuit open (fail open)");
    else c.get("log").warn("api key rate limit failed; allowing the request (fail open)", { error });
    return null;
  }
}

export function rateLimitHeaders(v: KeyVerdict): Record<string, string> {
  return {
    "RateLimit-Policy": `"${POLICY}";q=${v.spec.limit};w=${v.spec.windowSeconds}`,
    RateLimit: `"${POLICY}";r=${Math.max(0, v.remaining)};t=${secondsUntil(v.reset)}`,
  };
}

function setHeaders(c: Context<AppEnv>, v: KeyVerdict): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(v))) c.header(name, value);
}

function secondsUntil(resetMs: number): number {
  return Math.max(0, Math.ceil((resetMs - Date.now()) / 1000));
}

/**
 * One limiter per distinct quota per configuration (i.e. per isolate): keys share a limiter when
 * their limits are equal. The prefix names the quota, so changing a key's limit starts it afresh
 * instead of mixing counts of two window sizes.
 */
const limiters = new WeakMap<AppConfig, Map<string, Ratelimit>>();

function limiterFor(config: AppConfig, spec: RateLimitSpec): Ratelimit {
  let bySpec = limiters.get(config);
  if (!bySpec) {
    bySpec = new Map();
    limiters.set(config, bySpec);
  }
  const name = `${spec.limit}/${spec.windowSeconds}s`;
  let limiter = bySpec.get(name);
  if (!limiter) {
    limiter = new Ratelimit({
      redis: createRedis(config, { shared: true }),
      limiter: Ratelimit.fixedWindow(spec.limit, spec.window),
      prefix: `prescripto:rl:key:${name}`,
      timeout: CHECK_TIMEOUT_MS,
      analytics: false,
      enableTelemetry: false,
      // Keys over their quota are refused from memory until their window resets.
      ephemeralCache: new BoundedMap<string, number>(BLOCKED_CACHE_MAX),
    });
    bySpec.set(name, limiter);
  }
  return limiter;
}
