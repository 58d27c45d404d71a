import { z } from "zod";
import { Appointment } from "../domain/appointment.ts";
import { Payment, Refund } from "../domain/payment.ts";

/**
 * Messages on the system-of-record queue. Producers build them with these schemas' shapes and
 * the consumer validates with the same schemas, so a malformed message is caught at the
 * boundary (and recorded as a dead letter), never half-applied.
 */
/** Queues accepts messages of up to 128 KB; an envelope is cut well below it. */
export const MAX_SNAPSHOTS_PER_MESSAGE = 100;
export const MAX_MESSAGE_BYTES = 96 * 1024;

const ProbeMessage = z.object({
  type: z.literal("probe"),
  probeId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  sentAt: z.iso.datetime(),
});

/** One appointment's state at one version (also what a doctor's DO keeps in each outbox row). */
const AppointmentSnapshotMessage = z.object({
  type: z.literal("appointment.snapshot"),
  // The doctor DO's outbox row: confirmed back to the DO once MongoDB has the snapshot.
  outboxId: z.number().int().positive().optional(),
  appointment: Appointment,
});

/**
 * What a doctor's DO sends: the snapshots of one outbox drain, many to a message (a queue
 * operation per message, not per change). Each is applied and confirmed on its own; if any of
 * them must wait, the whole message is retried, and the ones already applied are no-ops then.
 */
export const AppointmentSnapshotsMessage = z.object({
  type: z.literal("appointment.snapshots"),
  doctorId: z.string().min(1),
  snapshots: z
    .array(z.object({ outboxId: z.number().int().positive(), appointment: Appointment }))
    .min(1)
    .max(MAX_SNAPSHOTS_PER_MESSAGE),
});

/**
 * A doctor's booking terms at one schedule version, for the doctor's profile in MongoDB (applied
 * only over an older version), confirmed back to the doctor's DO like a snapshot.
 */
export const DoctorTermsMessage = z.object({
  type: z.literal("doctor.terms"),
  outboxId: z.number().int().positive(),
  doctorId: z.string().min(1),
  version: z.number().int().min(1),
  feePaise: z.number().int().min(0),
  acceptingBookings: z.boolean(),
});
export type DoctorTermsMessage = z.infer<typeof DoctorTermsMessage>;

/**
 * A payment or refund as the doctor's DO holds it, for MongoDB's `payments` / `refunds`. `rev` is
 * the appointment version written with it: an older record never overwrites a newer one.
 */
export const PaymentRecordMessage = z.object({
  type: z.literal("payment.record"),
  outboxId: z.number().int().positive(),
  doctorId: z.string().min(1),
  rev: z.number().int().min(1),
  payment: Payment,
});
export const RefundRecordMessage = z.object({
  type: z.literal("refund.record"),
  outboxId: z.number().int().positive(),
  doctorId: z.string().min(1),
  rev: z.number().int().min(1),
  refund: Refund,
});

export const SorMessage = z.discriminatedUnion("type", [
  ProbeMessage,
  AppointmentSnapshotMessage,
  AppointmentSnapshotsMessage,
  DoctorTermsMessage,
  PaymentRecordMessage,
  RefundRecordMessage,
]);
export type SorMessage = z.infer<typeof SorMessage>;
export type AppointmentSnapshot = z.infer<typeof AppointmentSnapshotMessage>["appointment"];
export type AppointmentSnapshots = z.infer<typeof AppointmentSnapshotsMessage>;
/** A message as MongoDB applies it: envelopes are unpacked into their single snapshots first. */
export type SorRecord = Exclude<SorMessage, { type: "appointment.snapshots" | "doctor.terms" }>;

export function probeMessage(probeId: string, now: Date): SorMessage {
  return { type: "probe", probeId, sentAt: now.toISOString() };
}
