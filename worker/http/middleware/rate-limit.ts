import { Ratelimit } from "@upstash/ratelimit";
import type { Context, MiddlewareHandler } from "hono";
import { createRedis, isRedisCircuitOpen } from "../../kernel/clients/redis.ts";
import type { AppConfig } from "../../kernel/config.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import type { RateLimitSpec } from "../../kernel/lib/rate-limit-spec.ts";
import type { AppEnv } from "../types.ts";

/**
 * Rate limits with @upstash/ratelimit on the app's Redis: a fixed window per policy and key,
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
export type RateLimitPolicy = "authIp" | "authAccount" | "booking";

const SETTING = {
  authIp: "RATE_LIMIT_AUTH_IP",
  authAccount: "RATE_LIMIT_AUTH_ACCOUNT",
  booking: "RATE_LIMIT_BOOKING",
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

/** As a route middleware: `rateLimit("booking", (c) => c.get("caller").id)` after authentication. */
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
 * The same check, overlapped with the middleware between `start` and `gate` (for bookings: the
 * Idempotency-Key record in its Durable Object and the body's validation), so the Redis round trip
 * adds no latency of its own when there is other I/O to hide behind:
 *
 *   const limit = overlappedRateLimit("booking", keyOf);
 *   .post("/", requireRole(…), limit.start, idempotent(), validate(…), limit.gate, handler)
 *
 * `start` sends the check and moves on; `gate` waits for it and refuses with 429 before anything
 * with side effects runs. Only middleware without lasting effects on a refusal may sit between
 * them (idempotent() does not record a 429). A key this isolate already knows to be over its limit
 * is refused at `start`, before any I/O. If the chain stops before the gate (e.g. a 400), the
 * check still counts, as it would have done in front.
 */
export function overlappedRateLimit(
  policy: RateLimitPolicy,
  keyOf: (c: Context<AppEnv>) => string | Promise<string>,
): { start: MiddlewareHandler<AppEnv>; gate: MiddlewareHandler<AppEnv> } {
  const start: MiddlewareHandler<AppEnv> = async (c, next) => {
    const key = await keyOf(c);
    const known = knownBlocked(c.get("config"), policy, key);
    if (known) refuse(c, known);
    const pending = enforceRateLimit(c, policy, key);
    pending.catch(() => undefined); // settled by the gate; never an unhandled rejection
    pendingChecks.set(c, pending);
    await next();
    await pending.catch(() => undefined); // finished within the request even if the gate was not reached
    const verdict = verdicts.get(c);
    if (verdict) setHeaders(c, verdict);
  };
  const gate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const pending = pendingChecks.get(c);
    if (!pending) throw new Error(`rate limit gate (${policy}) reached without its start middleware`);
    await pending;
    await next();
  };
  return { start, gate };
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

/** A refusal known without Redis: the key was refused before in this isolate and its window has not reset. */
function knownBlocked(config: AppConfig, policy: RateLimitPolicy, key: string): RateLimitVerdict | null {
  const spec = config[SETTING[policy]];
  if (!spec) return null;
  const reset = limiters
    .get(config)
    ?.get(policy)
    ?.blocked.get(`${prefixOf(policy)}:${key}`);
  if (reset === undefined || reset <= Date.now()) return null;
  return { policy, success: false, limit: spec.limit, remaining: 0, reset, windowSeconds: spec.windowSeconds };
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
const pendingChecks = new WeakMap<Context, Promise<void>>();

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

/** A Map that forgets its oldest entry when full, so the blocked-key cache cannot grow without bound. */
class BoundedMap<K, V> extends Map<K, V> {
  readonly max: number;
  constructor(max: number) {
    super();
    this.max = max;
  }
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
