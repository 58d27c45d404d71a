import { and, asc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { LedgerReads } from "../../worker/kernel/booking/engine.ts";
import {
  type AppointmentRow,
  appointmentView,
  type EventRow,
  historyEntry,
} from "../../worker/kernel/booking/ledger-rows.ts";
import {
  ACTIVE_STATUSES,
  type AppointmentView,
  type HistoryEntry,
  type PaymentSummary,
} from "../../worker/kernel/domain/appointment.ts";
import { ScheduleSettings } from "../../worker/kernel/domain/schedule.ts";
import type * as schemaTypes from "./schema.ts";
import { appointmentEvents, appointments, schedule } from "./schema.ts";

type Db = DrizzleSqliteDODatabase<typeof schemaTypes>;
/** The schedule row as this object keeps it in memory. */
export interface CurrentSchedule {
  settings: ScheduleSettings;
  version: number;
  doctorId: string;
}

// The tables hold exactly the engine's row shapes (a compile error here if they drift apart).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check = [
  Same<typeof appointments.$inferSelect, AppointmentRow>,
  Same<Omit<typeof appointmentEvents.$inferSelect, "id">, EventRow>,
];
void ([true, true] satisfies Check);

/** ScheduleSettings caps slotMinutes at 240. */
const MAX_SLOT_MS = 240 * 60_000;
const ACTIVE = [...ACTIVE_STATUSES];

/**
 * The statements that run on every booking and every alarm, built once per object. Building a
 * query with drizzle's builder costs tens of microseconds per statement (more than SQLite takes
 * to run it); a prepared statement only binds its placeholders.
 */
function prepareStatements(db: Db) {
  const p = sql.placeholder;
  return {
    // The unary + keeps SQLite off the (status, hold_expires_at) index: without statistics it
    // prefers that index for `status IN (...)`, which walks every active booking of the doctor,
    // where the start index bounds the scan to the few slots around this one.
    overlappingActive: db
      .select()
      .from(appointments)
      .where(
        and(
          gt(appointments.startMs, p("startsAfter")),
          lt(appointments.startMs, p("endMs")),
          gt(appointments.endMs, p("startMs")),
          sql`+${appointments.status} in ('held', 'booked')`,
        ),
      )
      .prepare(),
    byId: db
      .select()
      .from(appointments)
      .where(eq(appointments.id, p("id")))
      .prepare(),
    activeHoldsOf: db
      .select({ n: sql<number>`count(*)` })
      .from(appointments)
      .where(and(eq(appointments.patientId, p("patientId")), eq(appointments.status, "held")))
      .prepare(),
    nextHoldExpiry: db
      .select({ t: sql<number | null>`min(${appointments.holdExpiresAt})` })
      .from(appointments)
      .where(eq(appointments.status, "held"))
      .prepare(),
    insertAppointment: db
      .insert(appointments)
      .values({
        id: p("id"),
        patientId: p("patientId"),
        clinicId: p("clinicId"),
        startMs: p("startMs"),
        endMs: p("endMs"),
        status: p("status"),
        holdExpiresAt: p("holdExpiresAt"),
        feePaise: p("feePaise"),
        version: p("version"),
        requestKey: p("requestKey"),
        createdAt: p("createdAt"),
        updatedAt: p("updatedAt"),
      })
      .prepare(),
    updateAppointment: db
      .update(appointments)
      .set({
        startMs: sql`${p("startMs")}`,
        endMs: sql`${p("endMs")}`,
        status: sql`${p("status")}`,
        holdExpiresAt: sql`${p("holdExpiresAt")}`,
        version: sql`${p("version")}`,
        updatedAt: sql`${p("updatedAt")}`,
      })
      .where(eq(appointments.id, p("id")))
      .prepare(),
    insertEvent: db
      .insert(appointmentEvents)
      .values({
        appointmentId: p("appointmentId"),
        version: p("version"),
        type: p("type"),
        fromStatus: p("fromStatus"),
        toStatus: p("toStatus"),
        actorRole: p("actorRole"),
        actorId: p("actorId"),
        reason: p("reason"),
        fromStartMs: p("fromStartMs"),
        toStartMs: p("toStartMs"),
        at: p("at"),
      })
      .prepare(),
    history: db
      .select()
      .from(appointmentEvents)
      .where(eq(appointmentEvents.appointmentId, p("appointmentId")))
      .orderBy(asc(appointmentEvents.version))
      .prepare(),
  };
}

/**
 * Synchronous reads and writes of one doctor's schedule and appointments. Nothing here awaits:
 * callers compose these inside `transactionSync`, so a check and the write that depends on it
 * are atomic. The outbox has its own module (outbox.ts).
 */
export class Ledger implements LedgerReads {
  private readonly q: ReturnType<typeof prepareStatements>;

  constructor(
    private readonly db: Db,
    /** The appointment's `payment` summary (payments.ts), null for appointments without an order. */
    private readonly paymentOf: (appointmentId: string) => PaymentSummary | null = () => null,
  ) {
    this.q = prepareStatements(db);
  }

  private cachedSettings: CurrentSchedule | null = null;

  /** The schedule, parsed once and kept in memory until it changes (only this object writes it). */
  settings(): CurrentSchedule | null {
    if (this.cachedSettings) return this.cachedSettings;
    const row = this.db.select().from(schedule).where(eq(schedule.id, 1)).get();
    if (!row) return null;
    this.cachedSettings = {
      settings: ScheduleSettings.parse(JSON.parse(row.settings)),
      version: row.version,
      doctorId: row.doctorId,
    };
    return this.cachedSettings;
  }

  saveSettings(doctorId: string, settings: ScheduleSettings, nowMs: number): number {
    const current = this.db.select({ version: schedule.version }).from(schedule).where(eq(schedule.id, 1)).get();
    const version = (current?.version ?? 0) + 1;
    this.db
      .insert(schedule)
      .values({ id: 1, doctorId, settings: JSON.stringify(settings), version, updatedAt: nowMs })
      .onConflictDoUpdate({
        target: schedule.id,
        set: { doctorId, settings: JSON.stringify(settings), version, updatedAt: nowMs },
      })
      .run();
    this.cachedSettings = null;
    return version;
  }

  /** Forgets the schedule (only for an onboarding that is being undone: see DoctorSchedule.discard). */
  clearSettings(): void {
    this.db.delete(schedule).run();
    this.cachedSettings = null;
  }

  hasAppointments(): boolean {
    return this.db.select({ id: appointments.id }).from(appointments).limit(1).get() !== undefined;
  }

  overlappingActive(startMs: number, endMs: number, exceptId?: string): AppointmentRow | undefined {
    // No slot is longer than MAX_SLOT_MS, so only starts in (startMs - MAX_SLOT_MS, endMs) can
    // overlap: a bounded range scan on the start index, however long the ledger grows.
    const rows = this.q.overlappingActive.all({ startsAfter: startMs - MAX_SLOT_MS, endMs, startMs });
    return rows.find((r) => r.id !== exceptId);
  }

  activeBetween(fromMs: number, toMs: number): AppointmentRow[] {
    return this.db
      .select()
      .from(appointments)
      .where(and(inArray(appointments.status, ACTIVE), lt(appointments.startMs, toMs), gt(appointments.endMs, fromMs)))
      .orderBy(asc(appointments.startMs))
      .all();
  }

  allActive(): AppointmentRow[] {
    return this.db.select().from(appointments).where(inArray(appointments.status, ACTIVE)).all();
  }

  between(fromMs: number, toMs: number): AppointmentRow[] {
    return this.db
      .select()
      .from(appointments)
      .where(and(gt(appointments.endMs, fromMs), lt(appointments.startMs, toMs)))
      .orderBy(asc(appointments.startMs))
      .all();
  }

  all(): AppointmentRow[] {
    return this.db.select().from(appointments).orderBy(asc(appointments.startMs)).all();
  }

  byId(id: string): AppointmentRow | undefined {
    return this.q.byId.get({ id });
  }

  byRequestKey(patientId: string, requestKey: string): AppointmentRow | undefined {
    return this.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.patientId, patientId), eq(appointments.requestKey, requestKey)))
      .get();
  }

  activeHoldsOf(patientId: string): number {
    return this.q.activeHoldsOf.get({ patientId })?.n ?? 0;
  }

  expiredHolds(nowMs: number): AppointmentRow[] {
    return this.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.status, "held"), lte(appointments.holdExpiresAt, nowMs)))
      .all();
  }

  nextHoldExpiry(): number | null {
    return this.q.nextHoldExpiry.get()?.t ?? null;
  }

  /** Writes an engine decision: the row (new, or the new state of an existing one) and its history entry. */
  write(w: { kind: "insert" | "update"; row: AppointmentRow; event: EventRow }): HistoryEntry {
    if (w.kind === "insert") this.q.insertAppointment.run({ ...w.row });
    else this.q.updateAppointment.run({ ...w.row });
    this.q.insertEvent.run({ ...w.event });
    return historyEntry(w.event);
  }

  history(appointmentId: string): HistoryEntry[] {
    return this.q.history.all({ appointmentId }).map(historyEntry);
  }

  /** The API's view of a row; `history` defaults to reading it (pass [] for list views). */
  view(row: AppointmentRow, history: HistoryEntry[] = this.history(row.id)): AppointmentView {
    const view = appointmentView(this.settings()?.doctorId ?? "", row, history);
    const payment = this.paymentOf(row.id);
    return payment ? { ...view, payment } : view;
  }
}
