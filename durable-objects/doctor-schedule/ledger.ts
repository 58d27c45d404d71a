import { and, asc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type {
  Actor,
  AppointmentStatus,
  AppointmentView,
  HistoryEntry,
} from "../../worker/kernel/domain/appointment.ts";
import { ScheduleSettings } from "../../worker/kernel/domain/schedule.ts";
import type * as schemaTypes from "./schema.ts";
import { appointmentEvents, appointments, outbox, schedule } from "./schema.ts";

type Db = DrizzleSqliteDODatabase<typeof schemaTypes>;
type AppointmentRow = typeof appointments.$inferSelect;
type AppointmentEventRow = typeof appointmentEvents.$inferInsert;
/** The schedule row as this object keeps it in memory. */
interface CurrentSchedule {
  settings: ScheduleSettings;
  version: number;
  doctorId: string;
  /** The version whose booking terms MongoDB's profile has (see termsToSync). */
  termsSyncedVersion: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const ACTIVE: AppointmentStatus[] = ["held", "booked"];
/**
 * How long a new outbox row waits before it is due. Changes arriving within this window share
 * one alarm run: one cache invalidation and one queue batch instead of one of each per change.
 * The availability cache (and MongoDB) lag a change by about this much more; neither decides.
 */
export const OUTBOX_BATCH_DELAY_MS = 200;
/** ScheduleSettings caps slotMinutes at 240. */
const MAX_SLOT_MS = 240 * 60_000;

/**
 * The statements that run on every booking, every alarm and every confirmation, built once per
 * object. Building a query with drizzle's builder costs tens of microseconds per statement (more
 * than SQLite takes to run it); a prepared statement only binds its placeholders. Placeholders
 * in a WHERE clause take driver values (epoch ms numbers), not Dates.
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
    supersedeSnapshots: db
      .delete(outbox)
      .where(eq(outbox.subject, p("subject")))
      .prepare(),
    insertSnapshot: db
      .insert(outbox)
      .values({
        topic: "sor",
        subject: p("subject"),
        payload: p("payload"),
        createdAt: p("createdAt"),
        nextAttemptAt: p("nextAttemptAt"),
      })
      .prepare(),
    // Ordered as the next_attempt index is (rowid last), so this reads only due rows; ordering by
    // id alone makes SQLite walk every row still waiting for its confirmation.
    dueOutbox: db
      .select()
      .from(outbox)
      .where(lte(outbox.nextAttemptAt, p("nowMs")))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(p("limit"))
      .prepare(),
    freshOutbox: db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.attempts, 0), lte(outbox.nextAttemptAt, p("nowMs"))))
      .limit(1)
      .prepare(),
    // Id lists are bound as one JSON array, so a batch of any size reuses one statement.
    deleteOutboxRows: db
      .delete(outbox)
      .where(sql`${outbox.id} in (select value from json_each(${p("ids")}))`)
      .returning({ id: outbox.id })
      .prepare(),
    deferOutboxRows: db
      .update(outbox)
      .set({ attempts: sql`${p("attempts")}`, nextAttemptAt: sql`${p("nextAttemptMs")}` })
      .where(sql`${outbox.id} in (select value from json_each(${p("ids")}))`)
      .prepare(),
    nextOutboxAttempt: db
      .select({ t: sql<number | null>`min(${outbox.nextAttemptAt})` })
      .from(outbox)
      .prepare(),
    outboxSize: db.select({ n: sql<number>`count(*)` }).from(outbox).prepare(),
  };
}

/** A history entry as the API shows it; the same mapping for rows read back and rows just written. */
function historyEntry(e: AppointmentEventRow): HistoryEntry {
  return {
    version: e.version,
    type: e.type,
    fromStatus: (e.fromStatus ?? null) as AppointmentStatus | null,
    toStatus: e.toStatus as AppointmentStatus,
    actor: { role: e.actorRole as Actor["role"], id: e.actorId },
    reason: e.reason ?? null,
    fromStart: e.fromStartMs === null || e.fromStartMs === undefined ? null : iso(e.fromStartMs),
    toStart: e.toStartMs === null || e.toStartMs === undefined ? null : iso(e.toStartMs),
    at: iso(e.at),
  };
}

/**
 * Synchronous reads and writes of one doctor's ledger. Nothing here awaits: callers compose
 * these inside `transactionSync`, so a check and the write that depends on it are atomic.
 */
export class Ledger {
  private readonly q: ReturnType<typeof prepareStatements>;

  constructor(
    private readonly db: Db,
    private readonly doctorId: () => string,
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
      termsSyncedVersion: row.termsSyncedVersion,
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

  /**
   * The booking terms of the current schedule when MongoDB's doctor profile has not confirmed
   * them yet (every schedule version carries them), else null.
   */
  termsToSync(): { doctorId: string; version: number; feePaise: number; acceptingBookings: boolean } | null {
    const current = this.settings();
    if (!current || current.termsSyncedVersion >= current.version) return null;
    return {
      doctorId: current.doctorId,
      version: current.version,
      feePaise: current.settings.feePaise,
      acceptingBookings: current.settings.acceptingBookings,
    };
  }

  /** MongoDB has the terms of this schedule version (or a newer one's). */
  markTermsSynced(version: number): void {
    this.db
      .update(schedule)
      .set({ termsSyncedVersion: sql`max(${schedule.termsSyncedVersion}, ${version})` })
      .where(eq(schedule.id, 1))
      .run();
    if (this.cachedSettings) {
      this.cachedSettings.termsSyncedVersion = Math.max(this.cachedSettings.termsSyncedVersion, version);
    }
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

  insert(row: AppointmentRow): void {
    this.q.insertAppointment.run(row);
  }

  update(id: string, changes: Partial<typeof appointments.$inferInsert>): void {
    this.db.update(appointments).set(changes).where(eq(appointments.id, id)).run();
  }

  /** Appends to the appointment's history; returns the entry as history() will show it. */
  recordEvent(e: {
    appointmentId: string;
    version: number;
    type: string;
    fromStatus: AppointmentStatus | null;
    toStatus: AppointmentStatus;
    actor: Actor;
    reason?: string | null;
    fromStartMs?: number | null;
    toStartMs?: number | null;
    at: number;
  }): HistoryEntry {
    const row = {
      appointmentId: e.appointmentId,
      version: e.version,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorRole: e.actor.role,
      actorId: e.actor.id,
      reason: e.reason ?? null,
      fromStartMs: e.fromStartMs ?? null,
      toStartMs: e.toStartMs ?? null,
      at: e.at,
    };
    this.q.insertEvent.run(row);
    return historyEntry(row);
  }

  history(appointmentId: string): HistoryEntry[] {
    return this.q.history.all({ appointmentId }).map(historyEntry);
  }

  /** The API's view of a row; `history` defaults to reading it (pass [] for list views). */
  view(row: AppointmentRow, history: HistoryEntry[] = this.history(row.id)): AppointmentView {
    return {
      id: row.id,
      doctorId: this.doctorId(),
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

  /** The current state of an appointment, with its history, as read back from the ledger. */
  snapshot(id: string): AppointmentView {
    const row = this.byId(id);
    if (!row) throw new Error(`appointment ${id} vanished inside its own transaction`);
    return this.view(row);
  }

  /**
   * The snapshot that travels to MongoDB, written in the same transaction as the change. It is
   * due OUTBOX_BATCH_DELAY_MS later, so changes close together travel in one batch. Returns it.
   */
  enqueueSnapshot(view: AppointmentView, nowMs: number): AppointmentView {
    // The new snapshot carries the whole state: older unconfirmed ones of this appointment are moot.
    // A first version has none (versions start at 1 when the appointment is created).
    if (view.version > 1) this.q.supersedeSnapshots.run({ subject: view.id });
    this.q.insertSnapshot.run({
      subject: view.id,
      payload: JSON.stringify({ type: "appointment.snapshot", appointment: view }),
      createdAt: new Date(nowMs),
      nextAttemptAt: new Date(nowMs + OUTBOX_BATCH_DELAY_MS),
    });
    return view;
  }

  dueOutbox(nowMs: number, limit: number) {
    return this.q.dueOutbox.all({ nowMs, limit });
  }

  /** Whether any due row has never been sent: a change the alarm has not yet acted on. */
  hasFreshOutbox(nowMs: number): boolean {
    return this.q.freshOutbox.all({ nowMs }).length > 0;
  }

  deleteOutbox(ids: number[]): void {
    if (ids.length > 0) this.db.delete(outbox).where(inArray(outbox.id, ids)).run();
  }

  /**
   * Confirmed in MongoDB: done. Only rows still holding that exact payload version are removed (a
   * newer snapshot is a new row). Returns how many of these rows were still waiting.
   */
  confirmOutbox(ids: number[]): number {
    if (ids.length === 0) return 0;
    return this.q.deleteOutboxRows.all({ ids: JSON.stringify(ids) }).length;
  }

  deferOutbox(ids: number[], attempts: number, nextAttemptMs: number): void {
    if (ids.length === 0) return;
    this.q.deferOutboxRows.run({ ids: JSON.stringify(ids), attempts, nextAttemptMs });
  }

  nextOutboxAttempt(): number | null {
    return this.q.nextOutboxAttempt.get()?.t ?? null;
  }

  outboxSize(): number {
    return this.q.outboxSize.get()?.n ?? 0;
  }
}
