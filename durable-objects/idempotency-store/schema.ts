import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** One IdempotencyStore per caller: the keys that caller sent and the responses they got. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    key: text("key").primaryKey(),
    fingerprint: text("fingerprint").notNull(),
    state: text("state", { enum: ["in_flight", "done"] }).notNull(),
    status: integer("status"),
    body: text("body"),
    createdAt: integer("created_at").notNull(),
    leaseUntil: integer("lease_until").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("idempotency_keys_expires").on(t.expiresAt)],
);
