import { z } from "zod";

/**
 * Messages on the system-of-record queue. Producers build them with these schemas' shapes and
 * the consumer validates with the same schemas, so a malformed message is caught at the
 * boundary (and recorded as a dead letter), never half-applied.
 */
export const ProbeMessage = z.object({
  type: z.literal("probe"),
  probeId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  sentAt: z.iso.datetime(),
});

const Status = z.enum(["held", "booked", "cancelled", "completed", "no_show", "expired"]);
const Actor = z.object({ role: z.enum(["patient", "doctor", "admin", "clinic", "system"]), id: z.string().min(1) });

export const AppointmentSnapshotMessage = z.object({
  type: z.literal("appointment.snapshot"),
  // The doctor DO's outbox row: confirmed back to the DO once MongoDB has the snapshot.
  outboxId: z.number().int().positive().optional(),
  appointment: z.object({
    id: z.string().regex(/^apt\.doc_[a-z0-9-]{1,64}\.[a-z0-9]{16,32}$/),
    doctorId: z.string().min(1),
    patientId: z.string().min(1),
    clinicId: z.string().nullable(),
    start: z.iso.datetime(),
    end: z.iso.datetime(),
    status: Status,
    holdExpiresAt: z.iso.datetime().nullable(),
    feePaise: z.number().int().min(0),
    version: z.number().int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    history: z
      .array(
        z.object({
          version: z.number().int(),
          type: z.string(),
          fromStatus: Status.nullable(),
          toStatus: Status,
          actor: Actor,
          reason: z.string().nullable(),
          fromStart: z.iso.datetime().nullable(),
          toStart: z.iso.datetime().nullable(),
          at: z.iso.datetime(),
        }),
      )
      .max(500),
  }),
});

export const SorMessage = z.discriminatedUnion("type", [ProbeMessage, AppointmentSnapshotMessage]);
export type SorMessage = z.infer<typeof SorMessage>;
export type AppointmentSnapshot = z.infer<typeof AppointmentSnapshotMessage>["appointment"];

export function probeMessage(probeId: string, now: Date): SorMessage {
  return { type: "probe", probeId, sentAt: now.toISOString() };
}
