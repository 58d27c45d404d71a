import { mongoGateway } from "../../kernel/clients/mongo-gateway.ts";
import { createRedis } from "../../kernel/clients/redis.ts";
import { type AppConfig, describeIssues } from "../../kernel/config.ts";
import type { Logger } from "../../kernel/lib/logger.ts";
import { probeMessage } from "../../kernel/messages/sor-messages.ts";
import { paymentsSetup } from "../../kernel/payments/config.ts";

export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  detail?: Record<string, unknown>;
  error?: string;
}

const CHECK_TIMEOUT_MS = 4_000;

/**
 * Each dependency is checked through the same path the product uses, in parallel, each with
 * its own deadline so one hung dependency cannot hang the health endpoint.
 */
export async function runHealthChecks(env: Env, config: AppConfig, log: Logger) {
  const [doctorSchedule, redis, mongo, queue, photos, payments] = await Promise.all([
    check("doctorSchedule", log, async () => {
      const stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName("__health__"));
      const h = await stub.health();
      if (h.migrationsApplied < h.migrationsExpected) {
        throw new Error(`migrations applied ${h.migrationsApplied}/${h.migrationsExpected}`);
      }
      return { migrationsApplied: h.migrationsApplied, tables: h.tables };
    }),
    check("redis", log, async () => {
      // A real round trip even while the circuit is open: health reports Redis, not the breaker.
      const redis = createRedis(config, { probe: true });
      const key = `health:${crypto.randomUUID()}`;
      const value = crypto.randomUUID();
      await redis.set(key, value, { ex: 30 });
      const read = await redis.get<string>(key);
      if (read !== value) throw new Error("read back a different value");
      await redis.del(key);
      return {};
    }),
    check("mongo", log, async () => {
      const result = await mongoGateway(env, config).ping();
      if (!result.ok) throw new Error(result.message);
      return { serverLatencyMs: result.value.latencyMs };
    }),
    check("queue", log, async () => {
      const probeId = crypto.randomUUID().replaceAll("-", "");
      await env.SOR_QUEUE.send(probeMessage(probeId, new Date()));
      return { probeId };
    }),
    // The photo bucket answers (a key that never exists: a metadata read, nothing written).
    check("photos", log, async () => {
      await env.PHOTOS.head("__health__");
      return {};
    }),
    // Configuration only (no call to Razorpay): PAYMENTS_ENABLED with a missing secret is an outage
    // of paid bookings, reported by setting name, never a silent fallback.
    check("payments", log, async () => {
      const setup = paymentsSetup(config);
      if (setup.state === "misconfigured") throw new Error(`payments are off: ${describeIssues(setup.issues)}`);
      return { state: setup.state };
    }),
  ]);
  return { doctorSchedule, redis, mongo, queue, photos, payments };
}

async function check(name: string, log: Logger, fn: () => Promise<Record<string, unknown>>): Promise<CheckResult> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Date.now() - started, detail };
  } catch (error) {
    log.warn("health check failed", { check: name, error });
    return {
      ok: false,
      latencyMs: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
