import type { Actor, AppointmentStatus, AppointmentView, HistoryEntry } from "../domain/appointment.ts";

/**
 * The doctor's ledger as plain rows (epoch-ms instants), the shapes the Durable Object's SQLite
 * tables hold and the booking engine decides over. The DO's drizzle schema is checked against
 * these types, so the engine never needs the storage layer to be tested.
 */
export interface AppointmentRow {
  id: string;
  patientId: string;
  clinicId: string | null;
  startMs: number;
  endMs: number;
  status: AppointmentStatus;
  holdExpiresAt: number | null;
  feePaise: number;
  version: number;
  requestKey: string | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * A booking's Idempotency-Key, kept by the doctor's DO in the same transaction as the booking it
 * made: scoped to the caller (`role:id`), with the request's fingerprint (method, path, canonical
 * body) and the answer the first call got, which a replay returns unchanged.
 */
export interface BookingRequestRow {
  scope: string;
  key: string;
  fingerprint: string;
  appointmentId: string;
  /** The first answer's appointment, as JSON. */
  answer: string;
  createdAt: number;
}

/** One history entry of one appointment version. */
export interface EventRow {
  appointmentId: string;
  version: number;
  type: string;
  fromStatus: AppointmentStatus | null;
  toStatus: AppointmentStatus;
  actorRole: Actor["role"];
  actorId: string;
  reason: string | null;
  fromStartMs: number | null;
  toStartMs: number | null;
  at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A history entry as the API shows it; the same mapping for rows read back and rows just written. */
export function historyEntry(e: EventRow): HistoryEntry {
  return {
    version: e.version,
    type: e.type,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actor: { role: e.actorRole, id: e.actorId },
    reason: e.reason,
    fromStart: e.fromStartMs === null ? null : iso(e.fromStartMs),
    toStart: e.toStartMs === null ? null : iso(e.toStartMs),
    at: iso(e.at),
  };
}

/** The appointment contract's view of a row (history passed in: [] for list views). */
export function appointmentView(doctorId: string, row: AppointmentRow, history: HistoryEntry[]): AppointmentView {
  return {
    id: row.id,
    doctorId,
    patientId: row.patientId,
    clinicId: row.clinicId,
    start: iso(row.startMs),
    end: iso(row.endMs),
    status: row.status,
    holdExpiresAt: row.holdExpiresAt === null ? null : iso(row.holdExpiresAt),
    feePaise: row.feePaise,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    history,
  };
}
