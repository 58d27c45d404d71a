import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The doctor's own SQLite (one database per DoctorSchedule object). Booking tables arrive with
 * the booking engine; the outbox is here from the start because every state change must be
 * written together with the event that carries it to the system of record.
 */
export const doctorProfile = sqliteTable("doctor_profile", {
  doctorId: text("doctor_id").primaryKey(),
  timeZone: text("time_zone").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topic: text("topic").notNull(),
    payload: text("payload").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("outbox_next_attempt").on(t.nextAttemptAt)],
);
