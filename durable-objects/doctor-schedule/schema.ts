import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ActorRole, APPOINTMENT_STATUSES } from "../../worker/kernel/domain/appointment.ts";

/**
 * The doctor's own SQLite (one database per DoctorSchedule object): the schedule, the bookings
 * ledger with its history, and the outbox that carries every change to the system of record.
 * Times are epoch milliseconds (UTC instants).
 */
/** One row (id = 1): the validated ScheduleSettings as JSON, versioned. */
export const schedule = sqliteTable("schedule", {
  id: integer("id").primaryKey(),
  doctorId: text("doctor_id").notNull(),
  settings: text("settings").notNull(),
  version: integer("version").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const appointments = sqliteTable(
  "appointments",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id").notNull(),
    clinicId: text("clinic_id"),
    startMs: integer("start_ms").notNull(),
    endMs: integer("end_ms").notNull(),
    status: text("status", { enum: APPOINTMENT_STATUSES }).notNull(),
    holdExpiresAt: integer("hold_expires_at"),
    feePaise: integer("fee_paise").notNull(),
    version: integer("version").notNull(),
    // The caller's Idempotency-Key, so a retried booking finds its appointment even if the
    // Worker lost the idempotency record (e.g. it crashed between booking and recording).
    requestKey: text("request_key"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    // Defence in depth: even a bug in the overlap check cannot put two active bookings on one start.
    uniqueIndex("appointments_active_start").on(t.startMs).where(sql`status in ('held', 'booked')`),
    uniqueIndex("appointments_request_key").on(t.patientId, t.requestKey),
    index("appointments_patient_status").on(t.patientId, t.status),
    index("appointments_hold_expiry").on(t.status, t.holdExpiresAt),
    index("appointments_start").on(t.startMs),
  ],
);

export const appointmentEvents = sqliteTable(
  "appointment_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    appointmentId: text("appointment_id").notNull(),
    version: integer("version").notNull(),
    type: text("type").notNull(),
    fromStatus: text("from_status", { enum: APPOINTMENT_STATUSES }),
    toStatus: text("to_status", { enum: APPOINTMENT_STATUSES }).notNull(),
    actorRole: text("actor_role", { enum: ActorRole.options as [ActorRole, ...ActorRole[]] }).notNull(),
    actorId: text("actor_id").notNull(),
    reason: text("reason"),
    fromStartMs: integer("from_start_ms"),
    toStartMs: integer("to_start_ms"),
    at: integer("at").notNull(),
  },
  (t) => [uniqueIndex("appointment_events_version").on(t.appointmentId, t.version)],
);

/**
 * What travels to MongoDB: appointment snapshots (topic "sor", subject the appointment id) and
 * the doctor's booking terms (topic "terms", subject "terms").
 * Rows stay until the consumer confirms MongoDB has them (not merely until the queue accepted
 * them): anything lost on the way, even dead-lettered, is sent again.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topic: text("topic").notNull(),
    // What a row describes: a newer row on the same subject supersedes older unconfirmed ones.
    subject: text("subject").notNull(),
    payload: text("payload").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("outbox_next_attempt").on(t.nextAttemptAt), index("outbox_subject").on(t.subject)],
);

/**
 * The reminders still to send, one per (appointment, offset): rewritten in the same transaction
 * as every change of the appointment (reminders.ts), so a cancelled appointment has none and a
 * moved one has those of its new time. `due_at` is the reminder's instant, pushed back only when
 * the queue refused the send; a row is deleted once the queue accepted it.
 */
export const reminders = sqliteTable(
  "reminders",
  {
    appointmentId: text("appointment_id").notNull(),
    offset: text("offset").notNull(),
    dueAt: integer("due_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.appointmentId, t.offset] }), index("reminders_due").on(t.dueAt)],
);

/**
 * Payments (payments.ts in this folder): the Razorpay order of each paid hold, the payments and
 * refunds seen for them (the domain records as JSON, with the columns queries need), and every
 * Razorpay event id applied, written in the same transaction as the change the event caused so a
 * redelivered event is a no-op.
 */
export const paymentOrders = sqliteTable("payment_orders", {
  appointmentId: text("appointment_id").primaryKey(),
  orderId: text("order_id").notNull().unique(),
  amountPaise: integer("amount_paise").notNull(),
  currency: text("currency").notNull(),
  receipt: text("receipt").notNull(),
  paidPaymentId: text("paid_payment_id"),
  createdAt: integer("created_at").notNull(),
});

export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    appointmentId: text("appointment_id").notNull(),
    data: text("data").notNull(),
  },
  (t) => [index("payments_appointment").on(t.appointmentId)],
);

export const refunds = sqliteTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    appointmentId: text("appointment_id").notNull(),
    razorpayRefundId: text("razorpay_refund_id"),
    // When the refund must be sent (again) to Razorpay; null once Razorpay has it.
    sendAt: integer("send_at"),
    sendAttempts: integer("send_attempts").notNull().default(0),
    data: text("data").notNull(),
  },
  (t) => [index("refunds_appointment").on(t.appointmentId), index("refunds_send_at").on(t.sendAt)],
);

export const razorpayEvents = sqliteTable("razorpay_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  appliedAt: integer("applied_at").notNull(),
});
