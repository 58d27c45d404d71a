import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import {
  type AppointmentSnapshots,
  MAX_MESSAGE_BYTES,
  MAX_SNAPSHOTS_PER_MESSAGE,
  type SorMessage,
} from "../../worker/kernel/messages/sor-messages.ts";

/** Queues takes at most 100 messages and 256 KB per sendBatch; kept below both. */
const MAX_BATCH_BYTES = 240 * 1024;
const MAX_BATCH_MESSAGES = 100;
const encoder = new TextEncoder();

/**
 * Packs outbox rows into queue messages: `appointment.snapshot` payloads into
 * `appointment.snapshots` envelopes of at most MAX_SNAPSHOTS_PER_MESSAGE snapshots and about
 * MAX_MESSAGE_BYTES each, in row order; any other payload (a doctor's booking terms) as a message
 * of its own carrying its outboxId. The messages are grouped into sendBatch calls within Queues'
 * limits: one drain of many changes is one or two queue operations instead of one per change.
 */
export function packOutbox(
  doctorId: string,
  rows: { id: number; payload: string }[],
  limits = { maxBytes: MAX_MESSAGE_BYTES, maxSnapshots: MAX_SNAPSHOTS_PER_MESSAGE },
): SorMessage[][] {
  const envelopes: { body: SorMessage; bytes: number }[] = [];
  let current: { body: AppointmentSnapshots; bytes: number } | null = null;
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as { type: string; appointment?: AppointmentView };
    if (payload.type !== "appointment.snapshot" || !payload.appointment) {
      envelopes.push({ body: { ...payload, outboxId: row.id } as SorMessage, bytes: row.payload.length + 32 });
      continue;
    }
    const { appointment } = payload;
    // The payload's size, plus the outboxId and the separators around it.
    const bytes = encoder.encode(row.payload).byteLength + 32;
    if (!current || current.body.snapshots.length >= limits.maxSnapshots || current.bytes + bytes > limits.maxBytes) {
      current = { body: { type: "appointment.snapshots", doctorId, snapshots: [] }, bytes: 128 };
      envelopes.push(current);
    }
    current.body.snapshots.push({ outboxId: row.id, appointment });
    current.bytes += bytes;
  }
  const batches: SorMessage[][] = [];
  let batch: SorMessage[] = [];
  let batchBytes = 0;
  for (const e of envelopes) {
    if (batch.length > 0 && (batch.length >= MAX_BATCH_MESSAGES || batchBytes + e.bytes > MAX_BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      batchBytes = 0;
    }
    batch.push(e.body);
    batchBytes += e.bytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
