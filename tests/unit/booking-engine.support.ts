import type { EngineState, LedgerReads } from "../../worker/kernel/booking/engine.ts";
import type { AppointmentRow, BookingRequestRow } from "../../worker/kernel/booking/ledger-rows.ts";
import { ScheduleSettings, type ScheduleSettingsInput } from "../../worker/kernel/domain/schedule.ts";
import { slotChecker } from "../../worker/kernel/domain/slots.ts";
import { roundTheClock } from "../support/schedules.ts";

/** A fixed "now": 10:00 in Kolkata on a Monday. Every half hour after it is a slot of roundTheClock. */
export const NOW = Date.parse("2031-03-03T04:30:00.000Z");
export const HALF_HOUR = 30 * 60_000;
export const DOCTOR = "doc_engine";
export const at = (halfHours: number) => NOW + halfHours * HALF_HOUR;
export const isoAt = (halfHours: number) => new Date(at(halfHours)).toISOString();

/** The engine's reads over an in-memory ledger, the same answers the DO's SQLite gives. */
export class MemoryLedger implements LedgerReads {
  readonly rows = new Map<string, AppointmentRow>();
  readonly requests = new Map<string, BookingRequestRow>();

  constructor(rows: AppointmentRow[] = [], requests: BookingRequestRow[] = []) {
    for (const r of rows) this.rows.set(r.id, r);
    for (const q of requests) this.requests.set(`${q.scope}|${q.key}`, q);
  }

  byId(id: string) {
    return this.rows.get(id);
  }

  bookingRequest(scope: string, key: string) {
    return this.requests.get(`${scope}|${key}`);
  }

  overlappingActive(startMs: number, endMs: number, exceptId?: string) {
    return [...this.rows.values()].find(
      (r) =>
        r.id !== exceptId && (r.status === "held" || r.status === "booked") && r.startMs < endMs && r.endMs > startMs,
    );
  }

  activeHoldsOf(patientId: string) {
    return [...this.rows.values()].filter((r) => r.patientId === patientId && r.status === "held").length;
  }
}

export function state(
  rows: AppointmentRow[] = [],
  overrides: Partial<ScheduleSettingsInput> = {},
  requests: BookingRequestRow[] = [],
): EngineState {
  const settings = ScheduleSettings.parse(roundTheClock(overrides));
  return { doctorId: DOCTOR, settings, checkSlot: slotChecker(settings), ledger: new MemoryLedger(rows, requests) };
}

export function row(id: string, overrides: Partial<AppointmentRow> = {}): AppointmentRow {
  const startMs = overrides.startMs ?? at(10);
  return {
    id: `apt.${DOCTOR}.${id.padEnd(16, "0")}`,
    patientId: "pat_a",
    clinicId: null,
    startMs,
    endMs: startMs + HALF_HOUR,
    status: "booked",
    holdExpiresAt: null,
    feePaise: 50_000,
    version: 1,
    requestKey: null,
    createdAt: NOW - 60_000,
    updatedAt: NOW - 60_000,
    ...overrides,
  };
}
