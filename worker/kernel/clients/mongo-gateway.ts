import type { AppConfig } from "../config.ts";
import { AppError } from "../lib/errors.ts";
import type { GatewayResult } from "../lib/gateway-result.ts";

/**
 * A stub of one MongoGateway shard. Stateless work is spread at random; callers that want
 * affinity (e.g. one doctor's writes) pass a key.
 */
export function mongoGateway(env: Env, config: AppConfig, key?: string): ReturnType<Env["MONGO_GATEWAY"]["get"]> {
  const shards = config.MONGO_GATEWAY_SHARDS;
  const shard = key === undefined ? Math.floor(Math.random() * shards) : hash(key) % shards;
  return env.MONGO_GATEWAY.get(env.MONGO_GATEWAY.idFromName(`shard-${shard}`));
}

/** Unwraps a gateway result, turning "unavailable" into the API's 503. */
export function unwrap<T>(result: GatewayResult<T>): T {
  if (result.ok) return result.value;
  throw new AppError("DEPENDENCY_UNAVAILABLE", "A storage dependency is temporarily unavailable; try again shortly", {
    headers: { "Retry-After": "5" },
  });
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
