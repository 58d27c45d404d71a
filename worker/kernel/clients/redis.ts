import { errors, Redis, type Requester } from "@upstash/redis/cloudflare";
import type { AppConfig } from "../config.ts";
import { CircuitBreaker } from "../lib/circuit-breaker.ts";
import { createLogger, type Logger } from "../lib/logger.ts";

/**
 * Longest one Redis command may take, retry included. Upstash answers in milliseconds; past this
 * the cache costs more than the source it saves, so the caller degrades (and the breaker counts it).
 */
export const REDIS_TIMEOUT_MS = 1_000;
/** How long an open circuit skips Redis before one request probes it again. */
export const REDIS_OPEN_MS = 3_000;

/** Thrown instead of calling Redis while its circuit is open: the outage was noticed already. */
export class RedisCircuitOpenError extends Error {
  constructor(retryInMs: number) {
    super(`Redis skipped: circuit open (next probe in ${retryInMs} ms)`);
    this.name = "RedisCircuitOpenError";
  }
}

export const isRedisCircuitOpen = (error: unknown): boolean => error instanceof RedisCircuitOpenError;

/**
 * `shared: true` is for a client kept by the isolate and used by many requests: it turns off
 * @upstash/redis' automatic pipelining, which would otherwise let one request await a fetch that
 * another request started (workerd does not allow I/O across request contexts). Without it every
 * command is its own fetch, issued and awaited by the request that sent it.
 *
 * Every client of one Redis URL in this isolate goes through one circuit breaker (see guard()).
 * `probe: true` (the health check) always tries Redis, even while the circuit is open, and its
 * outcome counts like a probe's: it can close the circuit or keep it open.
 */
export function createRedis(config: AppConfig, options: { shared?: boolean; probe?: boolean } = {}): Redis {
  const redis = new Redis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
    // A slow cache must not slow the request down for long: fail fast and read the source.
    retry: { retries: 1, backoff: () => 20 },
    signal: () => AbortSignal.timeout(REDIS_TIMEOUT_MS),
    enableTelemetry: false,
    ...(options.shared ? { enableAutoPipelining: false } : {}),
  });
  guard(redis, circuitFor(config.UPSTASH_REDIS_REST_URL, config.LOG_LEVEL), options.probe ?? false);
  return redis;
}

interface RedisCircuit {
  breaker: CircuitBreaker;
  /** Keys whose DEL failed or was skipped while Redis was unreachable, replayed when it is back. */
  missedInvalidations: Set<string>;
}

const MISSED_INVALIDATIONS_MAX = 5_000;
const circuits = new Map<string, RedisCircuit>();

function circuitFor(url: string, level: AppConfig["LOG_LEVEL"]): RedisCircuit {
  let circuit = circuits.get(url);
  if (!circuit) {
    const log = createLogger({ level, fields: { dependency: "redis" } });
    const missedInvalidations = new Set<string>();
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      openMs: REDIS_OPEN_MS,
      now: () => Date.now(),
      onStateChange: ({ from, to }) => {
        if (to === "open" && from === "closed") {
          log.warn("redis unreachable: skipping it (cache reads go to the source, rate limits fail open)", {
            probeAfterMs: REDIS_OPEN_MS,
          });
        } else if (to === "closed") {
          log.info("redis reachable again: caching resumes", { invalidationsToReplay: missedInvalidations.size });
        }
      },
    });
    circuit = { breaker, missedInvalidations };
    circuits.set(url, circuit);
  }
  return circuit;
}

/**
 * Wraps the client's requester (every command, pipeline and transaction passes through its one
 * `request`) so that an open circuit costs nothing: the command is refused at once with
 * RedisCircuitOpenError, which every caller already treats as "Redis is down". A reply, even a
 * Redis error such as NOSCRIPT, means Redis is up; a timeout, a refused connection or a 5xx from
 * the REST endpoint means it is not.
 *
 * Invalidations that could not be sent are remembered (bounded) and sent again, first thing, by
 * the request that finds Redis back: while Redis was only unreachable (a stall, a partition) its
 * entries survived, and without the replay they would stay stale until their TTL.
 */
function guard(redis: Redis, circuit: RedisCircuit, force: boolean): void {
  const client = (redis as unknown as { client?: Requester }).client;
  if (!client || typeof client.request !== "function") return;
  const request = client.request.bind(client);
  client.request = async <TResult>(req: Parameters<Requester["request"]>[0]) => {
    const attempt = circuit.breaker.attempt();
    const admission = force && !attempt.allowed ? { allowed: true as const, probe: true } : attempt;
    if (!admission.allowed) {
      rememberInvalidations(circuit, req.body);
      throw new RedisCircuitOpenError(admission.retryInMs);
    }
    if (admission.probe && circuit.missedInvalidations.size > 0) {
      // The probe is the replay: it tells whether Redis is back and clears what went stale.
      const keys = [...circuit.missedInvalidations];
      try {
        await request({ path: ["pipeline"], body: [["del", ...keys]] });
        for (const key of keys) circuit.missedInvalidations.delete(key);
      } catch (error) {
        circuit.breaker.failure({ probe: true });
        rememberInvalidations(circuit, req.body);
        throw error;
      }
    }
    try {
      const result = await request<TResult>(req);
      circuit.breaker.success();
      return result;
    } catch (error) {
      if (answeredByRedis(error)) {
        circuit.breaker.success();
      } else {
        circuit.breaker.failure({ probe: admission.probe });
        rememberInvalidations(circuit, req.body);
      }
      throw error;
    }
  };
}

/** A Redis error reply (the command reached Redis) as opposed to a transport or server failure. */
function answeredByRedis(error: unknown): boolean {
  return error instanceof errors.UpstashError && /^(NOSCRIPT|WRONGTYPE|ERR wrong number)/.test(error.message);
}

function rememberInvalidations(circuit: RedisCircuit, body: unknown): void {
  if (!Array.isArray(body)) return;
  const commands = body.every(Array.isArray) ? (body as unknown[][]) : [body];
  for (const command of commands) {
    if (String(command[0]).toLowerCase() !== "del") continue;
    for (const key of command.slice(1)) {
      if (circuit.missedInvalidations.size >= MISSED_INVALIDATIONS_MAX) return;
      circuit.missedInvalidations.add(String(key));
    }
  }
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
    // An open circuit was logged once when it opened; one line per request would bury it.
    if (!isRedisCircuitOpen(error)) opts.log.warn("cache read failed", { key: opts.key, error });
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
