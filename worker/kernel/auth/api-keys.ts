import type { Caller } from "../auth/caller.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import { cachedValue, createRedis } from "../clients/redis.ts";
import type { Deps } from "../deps.ts";
import { apiKeyCacheKey, apiKeyTouchKey } from "../domain/cache-keys.ts";
import type { ApiKeyScope } from "../domain/clinic.ts";
import { BoundedMap } from "../lib/bounded-map.ts";
import { hashApiKey, parseApiKey } from "./api-key-format.ts";
import { scopesOf } from "./scopes.ts";

/** What a key hash resolves to, as cached in Redis. Unknown hashes are cached too (`found: false`). */
type ResolvedKey =
  | { found: true; keyId: string; clinicId: string; revoked: boolean; scopes?: ApiKeyScope[]; rateLimit?: string }
  | { found: false };

/**
 * How long a resolved key is cached. Revoking deletes the entry at once (see
 * invalidateApiKey); the TTL only bounds how long an unknown or deleted clinic stays cached.
 */
const RESOLVED_TTL_SECONDS = 60;
/** lastUsedAt is written at most about once per this interval per key. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Authenticates a clinic API key (`pe_…`) for the auth middleware: the clinic caller it acts as,
 * or null (→ 401) for a malformed, unknown or revoked key. The key is looked up by its SHA-256,
 * cached briefly in Redis (a Redis outage falls back to MongoDB). Caching unknown hashes is safe:
 * a key is 256 random bits, so nobody presents a key before it exists.
 */
export async function authenticateApiKey(deps: Deps, raw: string): Promise<Caller | null> {
  if (!parseApiKey(raw)) return null;
  const hash = await hashApiKey(raw);
  const config = deps.config;
  const { value } = await cachedValue<ResolvedKey>({
    config,
    key: apiKeyCacheKey(hash),
    ttlSeconds: RESOLVED_TTL_SECONDS,
    load: async () => {
      const resolved = unwrap(await mongoGateway(deps.env, config).resolveApiKey(hash));
      return resolved
        ? {
            found: true,
            keyId: resolved.key._id,
            clinicId: resolved.clinic._id,
            revoked: resolved.key.revokedAt !== null,
            scopes: scopesOf(resolved.key.scopes),
            ...(resolved.key.rateLimit ? { rateLimit: resolved.key.rateLimit } : {}),
          }
        : { found: false };
    },
    log: deps.log,
    waitUntil: (p) => deps.waitUntil(p),
  });
  if (!value.found || value.revoked) return null;
  recordUse(deps, value.keyId);
  return {
    role: "clinic",
    id: value.clinicId,
    clinicId: value.clinicId,
    apiKeyId: value.keyId,
    // A resolution cached before scopes existed has none: the defaults, as for the key itself.
    scopes: scopesOf(value.scopes),
    ...(value.rateLimit ? { rateLimit: value.rateLimit } : {}),
  };
}

/** Drops a key's cached resolution (after revoking it), so the next request sees the revocation. */
export async function invalidateApiKey(deps: Deps, keyHash: string): Promise<void> {
  await createRedis(deps.config).del(apiKeyCacheKey(keyHash));
}

/** Per isolate: when this isolate last started a lastUsedAt write for a key. */
const touchedHere = new BoundedMap<string, number>(1_000);

/**
 * Updates lastUsedAt after the response, about once a minute per key: this isolate skips keys it
 * touched within the interval, and across isolates a Redis SET NX decides which one writes.
 */
function recordUse(deps: Deps, keyId: string): void {
  const now = Date.now();
  if (now - (touchedHere.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
  touchedHere.set(keyId, now);
  const config = deps.config;
  const log = deps.log;
  deps.waitUntil(
    (async () => {
      const won = await createRedis(config)
        .set(apiKeyTouchKey(keyId), 1, { nx: true, px: TOUCH_INTERVAL_MS })
        // Without Redis every isolate writes at most once a minute; the write itself is guarded too.
        .catch(() => "OK");
      if (won !== "OK") return;
      unwrap(await mongoGateway(deps.env, config).touchApiKey(keyId, TOUCH_INTERVAL_MS - 5_000));
    })().catch((error: unknown) => log.warn("api key lastUsedAt not recorded", { keyId, error })),
  );
}
