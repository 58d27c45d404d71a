import { Ratelimit } from "@upstash/ratelimit";
import type { Context, MiddlewareHandler } from "hono";
import { createRedis, isRedisCircuitOpen } from "../../kernel/clients/redis.ts";
import type { AppConfig } from "../../kernel/config.ts";
import { BoundedMap } from "../../kernel/lib/bounded-map.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import type { RateLimitSpec } from "../../kernel/lib/rate-limit-spec.ts";
import type { AppEnv } from "../types.ts";

/**
 * Sign-in, registration and refresh limits with @upstash/ratelimit on the app's Redis (exact and
 * global, which credential stuffing needs; bookings use the Rate Limiting binding instead, see
 * flood-control.ts): a fixed window per policy and key,
 * checked with one Redis round trip (an EVALSHA of the library's script; only the very first call
 * against a fresh Redis adds an EVAL). A fixed window, not a sliding one, so that `Retry-After` and
 * `RateLimit-Reset` are exact: when they run out, the quota is back (a sliding window's reset time
 * is only a lower bound). A key already over its limit is refused from an in-isolate cache until
 * its window resets, without asking Redis, so a flood is shed cheaply.
 *
 * Every checked response carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`
 * (seconds) and `RateLimit-Policy` for the most constraining limit it passed; a refusal is 429
 * RATE_LIMITED with `Retry-After` too.
 *
 * Redis failing or slow FAILS OPEN: the request goes ahead (with a logged warning and no headers).
 * Limits here protect capacity and slow down guessing; an outage of the cache must not lock every
 * patient out of booking or logging in. Password guessing stays expensive without them (the KDF).
 */
export type RateLimitPolicy = "authIp" | "authAccount";

const SETTING = {
  authIp: "RATE_LIMIT_AUTH_IP",
  authAccount: "RATE_LIMIT_AUTH_ACCOUNT",
} as const satisfies Record<RateLimitPolicy, keyof AppConfig>;

/** Longest we wait for Redis before letting the request through (fail open). */
const CHECK_TIMEOUT_MS = 1_000;
/** Blocked keys remembered per isolate; beyond this the oldest are forgotten (and asked of Redis again). */
const BLOCKED_CACHE_MAX = 10_000;

export interface RateLimitVerdict {
  policy: RateLimitPolicy;
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix time (ms) at which the window resets. */
  reset: number;
  windowSeconds: number;
}

/** As a route middleware: `rateLimit("authIp", clientIpKey)`. */
export function rateLimit(
  policy: RateLimitPolicy,
  keyOf: (c: Context<AppEnv>) => string | Promise<string>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await enforceRateLimit(c, policy, await keyOf(c));
    await next();
    // Again after the handler: a response it built without `c` (e.g. an idempotent replay) has
    // not picked up the headers set before.
    const verdict = verdicts.get(c);
    if (verdict) setHeaders(c, verdict);
  };
}

/**
 * For keys known only inside a handler (e.g. the account of a validated login body). Throws 429
 * RATE_LIMITED when over the limit; otherwise sets the RateLimit-* headers and returns.
 */
export async function enforceRateLimit(c: Context<AppEnv>, policy: RateLimitPolicy, key: string): Promise<void> {
  const verdict = await checkRateLimit(c, policy, key);
  if (!verdict) return;
  const previous = verdicts.get(c);
  if (!previous || verdict.remaining < previous.remaining || !verdict.success) verdicts.set(c, verdict);
  if (!verdict.success) refuse(c, verdict);
  setHeaders(c, verdicts.get(c) ?? verdict);
}

function refuse(c: Context<AppEnv>, verdict: RateLimitVerdict): never {
  c.get("log").info("rate limited", { policy: verdict.policy });
  const retryAfter = Math.max(1, secondsUntil(verdict.reset));
  throw new AppError("RATE_LIMITED", `Too many requests; try again in ${retryAfter} s`, {
    headers: { ...headersOf(verdict), "Retry-After": String(retryAfter) },
  });
}

/**
 * The check alone: a verdict, or null when the limit is configured `off` (no Redis call) or
 * Redis could not answer (fail open, logged).
 */
export async function checkRateLimit(
  c: Context<AppEnv>,
  policy: RateLimitPolicy,
  key: string,
): Promise<RateLimitVerdict | null> {
  const config = c.get("config");
  const spec = config[SETTING[policy]];
  if (!spec) return null;
  const { limiter, windowSeconds } = limiterFor(config, policy, spec);
  try {
    const r = await limiter.limit(key);
    if (r.reason === "timeout") {
      c.get("log").warn("rate limit check timed out; allowing the request (fail open)", { policy });
      return null;
    }
    return { policy, success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset, windowSeconds };
  } catch (error) {
    // While Redis' circuit is open the outage was logged once already (kernel/clients/redis.ts).
    if (isRedisCircuitOpen(error)) c.get("log").debug("rate limit skipped: redis circuit open (fail open)", { policy });
    else c.get("log").warn("rate limit check failed; allowing the request (fail open)", { policy, error });
    return null;
  }
}

/**
 * The per-IP key: Cloudflare's `CF-Connecting-IP` (set by the edge, not by the client). IPv6
 * clients are limited per /64, since one subscriber usually holds a whole /64.
 */
export function clientIpKey(c: Context<AppEnv>): string {
  const ip = c.req.header("CF-Connecting-IP")?.trim() ?? "";
  if (!ip) return "ip:unknown";
  return ip.includes(":") ? `ip6:${ipv6Prefix64(ip)}` : `ip4:${ip}`;
}

/** The per-account key for an email (already normalized): hashed, so no address sits in Redis. */
export async function accountKey(normalizedEmail: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(normalizedEmail));
  return `acct:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export function ipv6Prefix64(ip: string): string {
  const bare = ip.replace(/^\[|\]$/g, "").split("%")[0] ?? "";
  const [head = "", tail] = bare.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) sits in the low 64 bits, which are dropped anyway.
  const missing = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array<string>(Math.max(0, missing)).fill("0"), ...tailParts];
  return groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g || "0", 16) || 0).toString(16))
    .join(":");
}

const verdicts = new WeakMap<Context, RateLimitVerdict>();

const prefixOf = (policy: RateLimitPolicy) => `prescripto:rl:${policy}`;

function headersOf(v: RateLimitVerdict): Record<string, string> {
  return {
    "RateLimit-Limit": String(v.limit),
    "RateLimit-Remaining": String(v.remaining),
    "RateLimit-Reset": String(secondsUntil(v.reset)),
    "RateLimit-Policy": `${v.limit};w=${v.windowSeconds}`,
  };
}

function setHeaders(c: Context<AppEnv>, v: RateLimitVerdict): void {
  for (const [name, value] of Object.entries(headersOf(v))) c.header(name, value);
}

function secondsUntil(resetMs: number): number {
  return Math.max(0, Math.ceil((resetMs - Date.now()) / 1000));
}

interface PolicyLimiter {
  limiter: Ratelimit;
  windowSeconds: number;
  /** Keys over their limit (the limiter's ephemeral cache): key → reset time (ms). */
  blocked: BoundedMap<string, number>;
}

/**
 * One limiter per policy per configuration, i.e. per isolate, with its Redis client and its cache
 * of blocked keys: building them per request costs more CPU than the check itself. The client is
 * created `shared` (no automatic pipelining), so each request's command is a fetch of its own.
 */
const limiters = new WeakMap<AppConfig, Map<RateLimitPolicy, PolicyLimiter>>();

function limiterFor(config: AppConfig, policy: RateLimitPolicy, spec: RateLimitSpec): PolicyLimiter {
  let byPolicy = limiters.get(config);
  if (!byPolicy) {
    byPolicy = new Map();
    limiters.set(config, byPolicy);
  }
  let entry = byPolicy.get(policy);
  if (!entry) {
    // Keys over their limit, refused from memory until their window resets.
    const blocked = new BoundedMap<string, number>(BLOCKED_CACHE_MAX);
    entry = {
      windowSeconds: spec.windowSeconds,
      blocked,
      limiter: new Ratelimit({
        redis: createRedis(config, { shared: true }),
        limiter: Ratelimit.fixedWindow(spec.limit, spec.window),
        prefix: prefixOf(policy),
        timeout: CHECK_TIMEOUT_MS,
        analytics: false,
        enableTelemetry: false,
        ephemeralCache: blocked,
      }),
    };
    byPolicy.set(policy, entry);
  }
  return entry;
}
