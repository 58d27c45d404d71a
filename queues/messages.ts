import { z } from "zod";

/**
 * Messages on the system-of-record queue. Producers build them with these helpers and the
 * consumer validates with the same schema, so a malformed message is caught at the boundary
 * (and recorded as a dead letter), never half-applied.
 */
export const ProbeMessage = z.object({
  type: z.literal("probe"),
  probeId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  sentAt: z.iso.datetime(),
});

export const SorMessage = z.discriminatedUnion("type", [ProbeMessage]);
export type SorMessage = z.infer<typeof SorMessage>;

export function probeMessage(probeId: string, now: Date): SorMessage {
  return { type: "probe", probeId, sentAt: now.toISOString() };
}
