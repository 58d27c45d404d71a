import { type Actor, checkTransition } from "../domain/appointment.ts";
import type { ScheduleSettings } from "../domain/schedule.ts";
import type { SlotChecker } from "../domain/slots.ts";
import type { BookInput, TransitionInput } from "./inputs.ts";
import type { AppointmentRow, BookingRequestRow, EventRow } from "./ledger-rows.ts";
import type { BookResult, TransitionResult } from "./results.ts";

/**
 * The booking decisions of one doctor, as pure functions of (state, input, now): they read the
 * ledger through `LedgerReads` (synchronous, so the DO calls them inside the same
 * `transactionSync` that writes their result) and return the write to make or a tagged failure.
 * Nothing here touches storage, clocks or randomness.
 */
export interface LedgerReads {
  byId(id: string): AppointmentRow | undefined;
  /** The booking an Idempotency-Key of this caller made here (within its retention). */
  bookingRequest(scope: string, key: string): BookingRequestRow | undefined;
  /** An active appointment overlapping [startMs, endMs), other than `exceptId`. */
  overlappingActive(startMs: number, endMs: number, exceptId?: string): AppointmentRow | undefined;
  activeHoldsOf(patientId: string): number;
}

export interface EngineState {
  doctorId: string;
  settings: ScheduleSettings;
  /** The slot checker of `settings` (kept by the caller: it caches each day's slots). */
  checkSlot: SlotChecker;
  ledger: LedgerReads;
}

/** A row to insert (a new appointment) or to overwrite (same id), with its history entry. */
export interface Write {
  kind: "insert" | "update";
  row: AppointmentRow;
  event: EventRow;
}

/** How long a booking's Idempotency-Key holds (as long as the IdempotencyStore keeps other mutations'). */
export const BOOKING_REQUEST_RETENTION_MS = 24 * 3_600_000;

type Failure<R> = Extract<R, { ok: false }>;
type BookDecision = { ok: true; write: Write } | { ok: true; replay: BookingRequestRow } | Failure<BookResult>;
type TransitionDecision = { ok: true; write: Write } | Failure<TransitionResult>;

const SYSTEM_EXPIRY: Actor = { role: "system", id: "hold-expiry" };

function event(row: AppointmentRow, before: AppointmentRow | null, type: string, actor: Actor, at: number): EventRow {
  return {
    appointmentId: row.id,
    version: row.version,
    type,
    fromStatus: before?.status ?? null,
    toStatus: row.status,
    actorRole: actor.role,
    actorId: actor.id,
    reason: null,
    fromStartMs: before && before.startMs !== row.startMs ? before.startMs : null,
    toStartMs: before === null || before.startMs !== row.startMs ? row.startMs : null,
    at,
  };
}

/** Who may see (and so act on) an appointment of this doctor. */
export function canSee(actor: Actor, row: Pick<AppointmentRow, "patientId" | "clinicId">, doctorId: string): boolean {
  switch (actor.role) {
    case "patient":
      return row.patientId === actor.id;
    case "clinic":
      return row.clinicId === actor.id;
    case "doctor":
      return actor.id === doctorId;
    case "admin":
    case "system":
      return true;
    default:
      return false;
  }
}

/** Books `input.start` as appointment `id`: a hold when payment is due, else booked at once. */
export function decideBook(state: EngineState, input: BookInput & { id: string }, nowMs: number): BookDecision {
  const { settings, ledger } = state;
  if (input.doctorId !== state.doctorId) return { ok: false, reason: "not_configured" };
  // Decided before anything else, so a retry gets the first answer whatever the slot says now.
  if (input.request) {
    const earlier = ledger.bookingRequest(input.request.scope, input.request.key);
    if (earlier && earlier.createdAt > nowMs - BOOKING_REQUEST_RETENTION_MS) {
      return earlier.fingerprint === input.request.fingerprint
        ? { ok: true, replay: earlier }
        : { ok: false, reason: "idempotency_key_reused" };
    }
  }
  const check = state.checkSlot(input.start, new Date(nowMs));
  if (!check.ok) return { ok: false, reason: "slot_unavailable", detail: check.reason };
  const startMs = Date.parse(check.slot.start);
  const endMs = Date.parse(check.slot.end);
  const hold = input.paymentsEnabled && settings.feePaise > 0;
  if (hold && ledger.activeHoldsOf(input.patientId) >= settings.maxHoldsPerPatient) {
    return { ok: false, reason: "hold_limit", limit: settings.maxHoldsPerPatient };
  }
  if (ledger.overlappingActive(startMs, endMs)) return { ok: false, reason: "slot_taken" };
  const status = hold ? "held" : "booked";
  const row: AppointmentRow = {
    id: input.id,
    patientId: input.patientId,
    clinicId: input.clinicId ?? null,
    startMs,
    endMs,
    status,
    holdExpiresAt: hold ? nowMs + settings.holdMinutes * 60_000 : null,
    feePaise: settings.feePaise,
    version: 1,
    // Kept for rows booked before booking_requests existed; new keys live there.
    requestKey: null,
    createdAt: nowMs,
    updatedAt: nowMs,
  };
  return { ok: true, write: { kind: "insert", row, event: event(row, null, status, input.actor, nowMs) } };
}

/** Confirm, cancel, reschedule, complete or no-show, as the lifecycle and the doctor's rules allow. */
export function decideTransition(state: EngineState, input: TransitionInput, nowMs: number): TransitionDecision {
  const before = state.ledger.byId(input.appointmentId);
  if (!before || !canSee(input.actor, before, state.doctorId)) return { ok: false, reason: "not_found" };
  const check = checkTransition({
    status: before.status,
    action: input.action,
    actor: input.actor,
    startMs: before.startMs,
    nowMs,
    cancelNoticeMinutes: state.settings.cancelNoticeMinutes,
  });
  if (!check.ok) return check;
  const version = before.version + 1;
  const reason = input.reason ?? null;

  if (input.action === "reschedule") {
    const slot = state.checkSlot(input.newStart ?? "", new Date(nowMs));
    if (!slot.ok) return { ok: false, reason: "slot_unavailable", detail: slot.reason };
    const startMs = Date.parse(slot.slot.start);
    const endMs = Date.parse(slot.slot.end);
    // The new slot is taken and the old one released by one overwrite of this row: there is no
    // moment at which the patient holds neither, and none at which another can take the new one.
    if (state.ledger.overlappingActive(startMs, endMs, before.id)) return { ok: false, reason: "slot_taken" };
    const row = { ...before, startMs, endMs, version, updatedAt: nowMs };
    return {
      ok: true,
      write: {
        kind: "update",
        row,
        event: {
          ...event(row, before, "rescheduled", input.actor, nowMs),
          reason,
          fromStartMs: before.startMs,
          toStartMs: startMs,
        },
      },
    };
  }
  const row: AppointmentRow = {
    ...before,
    status: check.to,
    holdExpiresAt: check.to === "held" ? before.holdExpiresAt : null,
    version,
    updatedAt: nowMs,
  };
  const type = input.action === "no_show" ? "no_show" : check.to;
  return {
    ok: true,
    write: { kind: "update", row, event: { ...event(row, before, type, input.actor, nowMs), reason } },
  };
}

/**
 * Releases the unpaid holds that are due. Only rows still `held` are touched: given the same
 * ledger a second time (a retried alarm) it finds nothing left, so each hold expires once.
 */
export function decideHoldExpiry(holds: readonly AppointmentRow[], nowMs: number): Write[] {
  return holds
    .filter((h) => h.status === "held" && h.holdExpiresAt !== null && h.holdExpiresAt <= nowMs)
    .map((before) => {
      const row: AppointmentRow = {
        ...before,
        status: "expired",
        holdExpiresAt: null,
        version: before.version + 1,
        updatedAt: nowMs,
      };
      const e = event(row, before, "expired", SYSTEM_EXPIRY, nowMs);
      return { kind: "update", row, event: { ...e, reason: "payment not completed in time" } };
    });
}
