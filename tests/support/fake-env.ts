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
    AUTH_TOKEN_SECRET: "unit-test-secret-0123456789abcdefghijklmnop",
    PAYMENTS_ENABLED: "false",
    SLOTS_CACHE_TTL_SECONDS: "30",
    EDGE_CACHE_SECONDS: "0",
    QUEUE_RETRY_MAX_DELAY_SECONDS: "300",
    OUTBOX_REDELIVERY_SECONDS: "300",
    DOCTOR_SCHEDULE: unexpected("DOCTOR_SCHEDULE"),
    MONGO_GATEWAY: unexpected("MONGO_GATEWAY"),
    SOR_QUEUE: unexpected("SOR_QUEUE"),
    IDEMPOTENCY_STORE: unexpected("IDEMPOTENCY_STORE"),
    ASSETS: unexpected("ASSETS"),
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
