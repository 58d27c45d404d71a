import { and, asc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { Actor, AppointmentStatus, AppointmentView, HistoryEntry } from "../../worker/domain/appointment.ts";
import { ScheduleSettings } from "../../worker/domain/schedule.ts";
import type * as schemaTypes from "./schema.ts";
import { appointmentEvents, appointments, outbox, schedule } from "./schema.ts";

type Db = DrizzleSqliteDODatabase<typeof schemaTypes>;
type AppointmentRow = typeof appointments.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();
const ACTIVE: AppointmentStatus[] = ["held", "booked"];
/** ScheduleSettings caps slotMinutes at 240. */
const MAX_SLOT_MS = 240 * 60_000;

/**
 * Synchronous reads and writes of one doctor's ledger. Nothing here awaits: callers compose
 * these inside `transactionSync`, so a check and the write that depends on it are atomic.
 */
export class Ledger {
  constructor(
    private readonly db: Db,
    private readonly doctorId: () => string,
  ) {}

  private cachedSettings: { settings: ScheduleSettings; version: number; doctorId: string } | null = null;

  /** The schedule, parsed once and kept in memory until it changes (only this object writes it). */
  settings(): { settings: ScheduleSettings; version: number; doctorId: string } | null {
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

  overlappingActive(startMs: number, endMs: number, exceptId?: string): AppointmentRow | undefined {
    // No slot is longer than MAX_SLOT_MS, so only starts in (startMs - MAX_SLOT_MS, endMs) can
    // overlap: a bounded range scan on the start index, however long the ledger grows.
    const rows = this.db
      .select()
      .from(appointments)
      .where(
        and(
          gt(appointments.startMs, startMs - MAX_SLOT_MS),
          lt(appointments.startMs, endMs),
          gt(appointments.endMs, startMs),
          inArray(appointments.status, ACTIVE),
        ),
      )
      .all();
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
    return this.db.select().from(appointments).where(eq(appointments.id, id)).get();
  }

  byRequestKey(patientId: string, requestKey: string): AppointmentRow | undefined {
    return this.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.patientId, patientId), eq(appointments.requestKey, requestKey)))
      .get();
  }

  activeHoldsOf(patientId: string): number {
    const row = this.db
      .select({ n: sql<number>`count(*)` })
      .from(appointments)
      .where(and(eq(appointments.patientId, patientId), eq(appointments.status, "held")))
      .get();
    return row?.n ?? 0;
  }

  expiredHolds(nowMs: number): AppointmentRow[] {
    return this.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.status, "held"), lte(appointments.holdExpiresAt, nowMs)))
      .all();
  }

  nextHoldExpiry(): number | null {
    const row = this.db
      .select({ t: sql<number | null>`min(${appointments.holdExpiresAt})` })
      .from(appointments)
      .where(eq(appointments.status, "held"))
      .get();
    return row?.t ?? null;
  }

  insert(row: typeof appointments.$inferInsert): void {
    this.db.insert(appointments).values(row).run();
  }

  update(id: string, changes: Partial<typeof appointments.$inferInsert>): void {
    this.db.update(appointments).set(changes).where(eq(appointments.id, id)).run();
  }

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
  }): void {
    this.db
      .insert(appointmentEvents)
      .values({
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
      })
      .run();
  }

  history(appointmentId: string): HistoryEntry[] {
    return this.db
      .select()
      .from(appointmentEvents)
      .where(eq(appointmentEvents.appointmentId, appointmentId))
      .orderBy(asc(appointmentEvents.version))
      .all()
      .map((e) => ({
        version: e.version,
        type: e.type,
        fromStatus: e.fromStatus as AppointmentStatus | null,
        toStatus: e.toStatus as AppointmentStatus,
        actor: { role: e.actorRole as Actor["role"], id: e.actorId },
        reason: e.reason,
        fromStart: e.fromStartMs === null ? null : iso(e.fromStartMs),
        toStart: e.toStartMs === null ? null : iso(e.toStartMs),
        at: iso(e.at),
      }));
  }

  view(row: AppointmentRow, withHistory = true): AppointmentView {
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
      history: withHistory ? this.history(row.id) : [],
    };
  }

  /**
   * The snapshot that travels to MongoDB, written in the same transaction as the change.
   * Returns the view it wrote, so callers need not read the row again.
   */
  enqueueSnapshot(id: string, nowMs: number): AppointmentView {
    const row = this.byId(id);
    if (!row) throw new Error(`appointment ${id} vanished inside its own transaction`);
    const view = this.view(row);
    // The new snapshot carries the whole state: older unconfirmed ones of this appointment are moot.
    this.db.delete(outbox).where(eq(outbox.subject, id)).run();
    this.db
      .insert(outbox)
      .values({
        topic: "sor",
        subject: id,
        payload: JSON.stringify({ type: "appointment.snapshot", appointment: view }),
        createdAt: new Date(nowMs),
        nextAttemptAt: new Date(nowMs),
      })
      .run();
    return view;
  }

  dueOutbox(nowMs: number, limit: number) {
    return this.db
      .select()
      .from(outbox)
      .where(lte(outbox.nextAttemptAt, new Date(nowMs)))
      .orderBy(asc(outbox.id))
      .limit(limit)
      .all();
  }

  deleteOutbox(ids: number[]): void {
    if (ids.length > 0) this.db.delete(outbox).where(inArray(outbox.id, ids)).run();
  }

  /** Confirmed in MongoDB: done. Only rows still holding that exact payload version are removed. */
  confirmOutbox(ids: number[]): number {
    if (ids.length === 0) return 0;
    const before = this.outboxSize();
    this.db.delete(outbox).where(inArray(outbox.id, ids)).run();
    return before - this.outboxSize();
  }

  deferOutbox(ids: number[], attempts: number, nextAttemptMs: number): void {
    if (ids.length === 0) return;
    this.db
      .update(outbox)
      .set({ attempts, nextAttemptAt: new Date(nextAttemptMs) })
      .where(inArray(outbox.id, ids))
      .run();
  }

  nextOutboxAttempt(): number | null {
    const row = this.db
      .select({ t: sql<number | null>`min(${outbox.nextAttemptAt})` })
      .from(outbox)
      .get();
    return row?.t ?? null;
  }

  outboxSize(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(outbox).get()?.n ?? 0;
  }
}
