import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One AccountSessions object per account. A session is one sign-in (a refresh-token family): every
 * refresh token it ever issued is kept (hashed) until the session is purged, so presenting a
 * rotated one is recognised as reuse.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at").notNull(),
    /** When the newest refresh token of the family expires. */
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
    revokedReason: text("revoked_reason", { enum: ["logout", "reuse", "password_change", "deleted", "logout_all"] }),
  },
  (t) => [index("sessions_expires").on(t.expiresAt)],
);

export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    /** SHA-256 (hex) of the whole token; the token itself is never stored. */
    hash: text("hash").primaryKey(),
    sessionId: text("session_id").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** Set when the token was exchanged for the next one; presenting it again is reuse. */
    rotatedAt: integer("rotated_at"),
  },
  (t) => [index("refresh_tokens_session").on(t.sessionId)],
);

/** A single row (id 1): the account this object belongs to and whether it was deleted. */
export const account = sqliteTable("account", {
  id: integer("id").primaryKey(),
  accountId: text("account_id").notNull(),
  deletedAt: integer("deleted_at"),
});
