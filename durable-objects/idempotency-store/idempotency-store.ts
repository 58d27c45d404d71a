import { DurableObject } from "cloudflare:workers";
import { and, eq, lte } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import migrations from "../../migrations/idempotency-store/migrations.js";
import { migratedDb } from "../sqlite-db.ts";
import * as schema from "./schema.ts";
import { idempotencyKeys } from "./schema.ts";

/** Keys are kept 48 hours (the promise to callers is at least 24). */
export const RETENTION_MS = 48 * 60 * 60 * 1000;
/** A request that has not completed within this lease is presumed dead; its key may run again. */
export const LEASE_MS = 60 * 1000;

export type BeginResult =
  | { state: "started" }
  | { state: "replay"; status: number; body: string }
  | { state: "mismatch" }
  | { state: "in_flight" };

/**
 * One instance per caller (patient, doctor, clinic, admin): Idempotency-Key records scoped to
 * that caller. begin → (the request runs) → complete | abandon. Sharded by caller, so no single
 * object sees the platform's whole write traffic.
 */
export class IdempotencyStore extends DurableObject<Env> {
  private readonly db: DrizzleSqliteDODatabase<typeof schema>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = migratedDb(ctx, schema, migrations);
  }

  async begin(key: string, fingerprint: string, nowMs = Date.now()): Promise<BeginResult> {
    const result = this.ctx.storage.transactionSync((): BeginResult => {
      const row = this.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)).get();
      if (row && row.expiresAt > nowMs) {
        if (row.fingerprint !== fingerprint) return { state: "mismatch" };
        if (row.state === "done") return { state: "replay", status: row.status ?? 200, body: row.body ?? "" };
        if (row.leaseUntil > nowMs) return { state: "in_flight" };
      }
      this.db
        .insert(idempotencyKeys)
        .values({
          key,
          fingerprint,
          state: "in_flight",
          createdAt: nowMs,
          leaseUntil: nowMs + LEASE_MS,
          expiresAt: nowMs + RETENTION_MS,
        })
        .onConflictDoUpdate({
          target: idempotencyKeys.key,
          set: {
            fingerprint,
            state: "in_flight",
            status: null,
            body: null,
            createdAt: nowMs,
            leaseUntil: nowMs + LEASE_MS,
            expiresAt: nowMs + RETENTION_MS,
          },
        })
        .run();
      return { state: "started" };
    });
    if (result.state === "started") await this.ensurePurgeAlarm();
    return result;
  }

  async complete(key: string, fingerprint: string, status: number, body: string): Promise<void> {
    this.db
      .update(idempotencyKeys)
      .set({ state: "done", status, body })
      .where(and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.fingerprint, fingerprint)))
      .run();
  }

  /** The request failed in a way worth retrying (5xx): forget the key so a retry can run. */
  async abandon(key: string): Promise<void> {
    this.db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, key)).run();
  }

  override async alarm(): Promise<void> {
    this.db.delete(idempotencyKeys).where(lte(idempotencyKeys.expiresAt, Date.now())).run();
    await this.ensurePurgeAlarm();
  }

  private async ensurePurgeAlarm(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) {
      const next = this.db
        .select({ t: idempotencyKeys.expiresAt })
        .from(idempotencyKeys)
        .orderBy(idempotencyKeys.expiresAt)
        .limit(1)
        .get();
      if (next) await this.ctx.storage.setAlarm(next.t + 1);
    }
  }
}
