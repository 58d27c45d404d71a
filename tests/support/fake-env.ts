import { TEST_AUDIENCE, TEST_ISSUER, testSigningKeys } from "./test-keys.ts";

/**
 * A minimal Env for running the Hono app with app.request in plain Node. Bindings are fakes
 * that fail loudly if a test reaches one it did not set up.
 */
export function fakeEnv(overrides: Record<string, unknown> = {}): Env {
  const unexpected = (name: string) =>
    new Proxy(
      {},
      {
        get: (_t, prop) => {
          throw new Error(`test reached binding ${name}.${String(prop)} without a fake`);
        },
      },
    );
  return {
    APP_ENV: "test",
    BUILD_VERSION: "unit",
    MONGODB_URI: "mongodb://127.0.0.1:9/",
    MONGODB_DB: "unit",
    MONGO_GATEWAY_SHARDS: "2",
    // Nothing listens on port 9: the cache is "down" and reads fall through to the source.
    UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9",
    UPSTASH_REDIS_REST_TOKEN: "unit-token",
    MAX_BODY_BYTES: "2048",
    LOG_LEVEL: "error",
    DOCTORS_CACHE_TTL_SECONDS: "60",
    SENTRY_DSN: "",
    SENTRY_ENVIRONMENT: "test",
    AUTH_SIGNING_KEYS: testSigningKeys(),
    AUTH_ISSUER: TEST_ISSUER,
    AUTH_AUDIENCE: TEST_AUDIENCE,
    ACCESS_TOKEN_TTL_SECONDS: "900",
    REFRESH_TOKEN_TTL_SECONDS: "86400",
    SESSION_CHECK_CACHE_SECONDS: "5",
    ADMIN_ACCOUNTS: "[]",
    PAYMENTS_ENABLED: "false",
    SLOTS_CACHE_TTL_SECONDS: "30",
    EDGE_CACHE_SECONDS: "0",
    QUEUE_RETRY_MAX_DELAY_SECONDS: "300",
    OUTBOX_REDELIVERY_SECONDS: "300",
    PHOTO_MAX_BYTES: "2097152",
    PASSWORD_KDF_ITERATIONS: "100000",
    RATE_LIMIT_AUTH_IP: "1000/1m",
    RATE_LIMIT_AUTH_ACCOUNT: "1000/1m",
    RATE_LIMIT_BOOKING: "1000/1m",
    RATE_LIMIT_API_KEY: "1000/1m",
    DOCTOR_SCHEDULE: unexpected("DOCTOR_SCHEDULE"),
    MONGO_GATEWAY: unexpected("MONGO_GATEWAY"),
    SOR_QUEUE: unexpected("SOR_QUEUE"),
    IDEMPOTENCY_STORE: unexpected("IDEMPOTENCY_STORE"),
    ACCOUNT_SESSIONS: unexpected("ACCOUNT_SESSIONS"),
    ASSETS: unexpected("ASSETS"),
    PHOTOS: unexpected("PHOTOS"),
    ...overrides,
  } as unknown as Env;
}

export function fakeExecutionContext(): ExecutionContext & { settle(): Promise<void> } {
  const pending: Promise<unknown>[] = [];
  return {
    waitUntil: (p: Promise<unknown>) => {
      pending.push(p);
    },
    passThroughOnException: () => undefined,
    props: {},
    settle: async () => {
      await Promise.allSettled(pending);
    },
  } as unknown as ExecutionContext & { settle(): Promise<void> };
}

/** A MONGO_GATEWAY namespace whose every shard is the given object. */
export function fakeGateway(stub: Record<string, unknown>) {
  return { idFromName: (name: string) => name, get: () => stub };
}
