import { DurableObject } from "cloudflare:workers";
import { and, eq, isNull, lt, ne } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import migrations from "../../migrations/account-sessions/migrations.js";
import { hashRefreshToken, mintRefreshToken, randomId } from "../../worker/kernel/auth/refresh-token.ts";
import { migratedDb } from "../sqlite-db.ts";
import * as schema from "./schema.ts";
import { account, refreshTokens, sessions } from "./schema.ts";

type RevokeReason = "logout" | "reuse" | "password_change" | "deleted" | "logout_all";

/** Sessions are kept this long after their last refresh token expired, then purged. */
const PURGE_AFTER_MS = 24 * 60 * 60 * 1000;

type OpenResult =
  | { ok: true; sessionId: string; refreshToken: string; refreshExpiresAt: number }
  | { ok: false; reason: "deleted" };

type RotateResult =
  | { ok: true; sessionId: string; refreshToken: string; refreshExpiresAt: number }
  | { ok: false; reason: "unknown" | "expired" | "revoked" }
  /** A rotated token came back: the whole family was revoked just now. */
  | { ok: false; reason: "reused"; sessionId: string };

/**
 * The sessions of one account (patient, doctor or admin): one object per account id. Each sign-in
 * opens a session, a family of refresh tokens stored as SHA-256 hashes. Every refresh rotates the
 * token; presenting a rotated one again means it leaked, so the whole family is revoked. Logout
 * revokes a session, a password change every other one, deletion all of them for good.
 *
 * `check(sessionId)` is what the auth middleware asks: the access token's signature already
 * proves who issued it, but only a session this object opened (by a sign-in) is honoured: a
 * session it has never heard of, a revoked one, or any session of a deleted account is refused.
 */
export class AccountSessions extends DurableObject<Env> {
  private readonly db: DrizzleSqliteDODatabase<typeof schema>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = migratedDb(ctx, schema, migrations);
  }

  async open(accountId: string, refreshTtlSeconds: number, nowMs = Date.now()): Promise<OpenResult> {
    if (this.deletedAt(accountId) !== null) return { ok: false, reason: "deleted" };
    const sessionId = randomId();
    const refreshToken = mintRefreshToken(accountId);
    const hash = await hashRefreshToken(refreshToken);
    const refreshExpiresAt = nowMs + refreshTtlSeconds * 1000;
    this.ctx.storage.transactionSync(() => {
      this.db
        .insert(sessions)
        .values({ id: sessionId, createdAt: nowMs, lastUsedAt: nowMs, expiresAt: refreshExpiresAt })
        .run();
      this.db
        .insert(refreshTokens)
        .values({ hash, sessionId, createdAt: nowMs, expiresAt: refreshExpiresAt, rotatedAt: null })
        .run();
    });
    await this.ensurePurgeAlarm();
    return { ok: true, sessionId, refreshToken, refreshExpiresAt };
  }

  /** Exchanges a refresh token (given by its hash) for the next one of the same family. */
  async rotate(
    accountId: string,
    presentedHash: string,
    refreshTtlSeconds: number,
    nowMs = Date.now(),
  ): Promise<RotateResult> {
    // Minted before the transaction: hashing is async, and nothing may await inside it.
    const next = mintRefreshToken(accountId);
    const nextHash = await hashRefreshToken(next);
    const deleted = this.deletedAt(accountId) !== null;
    return this.ctx.storage.transactionSync((): RotateResult => {
      const presented = this.db.select().from(refreshTokens).where(eq(refreshTokens.hash, presentedHash)).get();
      if (!presented) return { ok: false, reason: "unknown" };
      const session = this.db.select().from(sessions).where(eq(sessions.id, presented.sessionId)).get();
      if (!session || deleted || session.revokedAt !== null) return { ok: false, reason: "revoked" };
      if (presented.rotatedAt !== null) {
        this.revokeWhere(eq(sessions.id, session.id), "reuse", nowMs);
        return { ok: false, reason: "reused", sessionId: session.id };
      }
      if (presented.expiresAt <= nowMs) return { ok: false, reason: "expired" };
      const refreshExpiresAt = nowMs + refreshTtlSeconds * 1000;
      this.db.update(refreshTokens).set({ rotatedAt: nowMs }).where(eq(refreshTokens.hash, presentedHash)).run();
      this.db
        .insert(refreshTokens)
        .values({
          hash: nextHash,
          sessionId: session.id,
          createdAt: nowMs,
          expiresAt: refreshExpiresAt,
          rotatedAt: null,
        })
        .run();
      this.db
        .update(sessions)
        .set({ lastUsedAt: nowMs, expiresAt: refreshExpiresAt })
        .where(eq(sessions.id, session.id))
        .run();
      return { ok: true, sessionId: session.id, refreshToken: next, refreshExpiresAt };
    });
  }

  /** Whether access tokens of this session are still honoured. */
  async check(sessionId: string): Promise<{ active: boolean }> {
    if (this.deletedAt() !== null) return { active: false };
    const session = this.db
      .select({ revokedAt: sessions.revokedAt })
      .from(sessions)
      .where(eq(sessions.id, sessionId))
      .get();
    // An unknown id is refused: a signed token is not enough without the sign-in that opened it.
    return { active: session !== undefined && session.revokedAt === null };
  }

  async revoke(sessionId: string, reason: RevokeReason, nowMs = Date.now()): Promise<{ revoked: number }> {
    return { revoked: this.revokeWhere(eq(sessions.id, sessionId), reason, nowMs) };
  }

  /** Revokes every session, or every one but `exceptSessionId` (a password change keeps the current one). */
  async revokeAll(reason: RevokeReason, exceptSessionId?: string, nowMs = Date.now()): Promise<{ revoked: number }> {
    return {
      revoked: this.revokeWhere(exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined, reason, nowMs),
    };
  }

  /** The account is gone: every session is revoked and no new one can be opened. */
  async markDeleted(accountId: string, nowMs = Date.now()): Promise<void> {
    this.ctx.storage.transactionSync(() => {
      this.db
        .insert(account)
        .values({ id: 1, accountId, deletedAt: nowMs })
        .onConflictDoUpdate({ target: account.id, set: { deletedAt: nowMs } })
        .run();
      this.revokeWhere(undefined, "deleted", nowMs);
    });
  }

  /** For operators and tests: the sessions with their state (no token material). */
  async listSessions(): Promise<
    { id: string; createdAt: number; lastUsedAt: number; revokedAt: number | null; revokedReason: string | null }[]
  > {
    return this.db
      .select({
        id: sessions.id,
        createdAt: sessions.createdAt,
        lastUsedAt: sessions.lastUsedAt,
        revokedAt: sessions.revokedAt,
        revokedReason: sessions.revokedReason,
      })
      .from(sessions)
      .orderBy(sessions.createdAt)
      .all();
  }

  override async alarm(): Promise<void> {
    const cutoff = Date.now() - PURGE_AFTER_MS;
    this.ctx.storage.transactionSync(() => {
      const stale = this.db.select({ id: sessions.id }).from(sessions).where(lt(sessions.expiresAt, cutoff)).all();
      for (const { id } of stale) {
        this.db.delete(refreshTokens).where(eq(refreshTokens.sessionId, id)).run();
        this.db.delete(sessions).where(eq(sessions.id, id)).run();
      }
    });
    await this.ensurePurgeAlarm();
  }

  private revokeWhere(filter: ReturnType<typeof eq> | undefined, reason: RevokeReason, nowMs: number): number {
    const rows = this.db
      .update(sessions)
      .set({ revokedAt: nowMs, revokedReason: reason })
      .where(filter ? and(filter, isNull(sessions.revokedAt)) : isNull(sessions.revokedAt))
      .returning({ id: sessions.id })
      .all();
    return rows.length;
  }

  private deletedAt(accountId?: string): number | null {
    const row = this.db.select().from(account).where(eq(account.id, 1)).get();
    if (row && accountId !== undefined && row.accountId !== accountId) {
      // idFromName(accountId) makes this impossible unless a caller passes the wrong id.
      throw new Error("AccountSessions called for another account");
    }
    return row?.deletedAt ?? null;
  }

  private async ensurePurgeAlarm(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) !== null) return;
    const next = this.db.select({ t: sessions.expiresAt }).from(sessions).orderBy(sessions.expiresAt).limit(1).get();
    if (next) await this.ctx.storage.setAlarm(next.t + PURGE_AFTER_MS + 1);
  }
}
