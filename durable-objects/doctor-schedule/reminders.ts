import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { retryDelaySeconds } from "../../worker/kernel/lib/backoff.ts";
import type { NotificationMessage } from "../../worker/kernel/messages/notification-messages.ts";
import { dueReminders, type ReminderOffset } from "../../worker/kernel/notifications/reminders.ts";
import type * as schemaTypes from "./schema.ts";
import { reminders } from "./schema.ts";

type Db = DrizzleSqliteDODatabase<typeof schemaTypes>;
/** Reminders sent per queue operation (sendBatch takes 100 messages and 256 KB). */
const BATCH = 50;

/**
 * The doctor's reminders (issue 14): which are still to send, kept in step with every change of
 * an appointment (`plan`, inside the change's transaction), and sent to the notifications queue
 * by the alarm when due (`sendDue`). The instants come from the pure `dueReminders`: none for an
 * appointment that is not booked, none whose instant had already passed when it was booked or
 * moved. A row is deleted once the queue accepted its message; a crash in between sends it again,
 * which the notification consumer delivers once (keyed by appointment, offset and version).
 */
export class Reminders {
  // Runs with every booking and change: prepared once (see ledger.ts on the cost of building queries).
  private readonly clear;
  private readonly insertOne;

  constructor(
    private readonly db: Db,
    private readonly opts: {
      offsets: () => readonly ReminderOffset[];
      send: (messages: NotificationMessage[]) => Promise<void>;
      onDeferred: (rows: number, attempts: number, error: unknown) => void;
    },
  ) {
    this.clear = db
      .delete(reminders)
      .where(eq(reminders.appointmentId, sql.placeholder("appointmentId")))
      .prepare();
    this.insertOne = db
      .insert(reminders)
      .values({
        appointmentId: sql.placeholder("appointmentId"),
        offset: sql.placeholder("offset"),
        dueAt: sql.placeholder("dueAt"),
      })
      .prepare();
  }

  /** Replaces an appointment's reminders with those of its current state (inside the caller's transaction). */
  plan(appointment: Pick<AppointmentView, "id" | "start" | "status">, timeZone: string, nowMs: number): void {
    this.clear.run({ appointmentId: appointment.id });
    const due = dueReminders(appointment, this.opts.offsets(), timeZone, new Date(nowMs));
    // One prepared insert per reminder (two by default): a multi-row insert would be built anew each time.
    for (const r of due) this.insertOne.run({ appointmentId: appointment.id, offset: r.offset, dueAt: r.at.getTime() });
  }

  /** When the next reminder is due (for the alarm), or null. */
  next(): number | null {
    return this.db.get<{ t: number | null }>(sql`select min(${reminders.dueAt}) as t from ${reminders}`)?.t ?? null;
  }

  /** The reminders still to send for one appointment, earliest first (tests and admins). */
  pendingFor(appointmentId: string): { offset: string; dueAt: number }[] {
    return this.db
      .select({ offset: reminders.offset, dueAt: reminders.dueAt })
      .from(reminders)
      .where(eq(reminders.appointmentId, appointmentId))
      .orderBy(asc(reminders.dueAt))
      .all();
  }

  /**
   * Sends the reminders due by `nowMs`, each with the appointment as it is now. One that is no
   * longer for a booked, future appointment is dropped (plan() removes those; this is the guard).
   */
  async sendDue(nowMs: number, current: (appointmentId: string) => AppointmentView | null): Promise<number> {
    let sent = 0;
    for (let round = 0; round < 20; round++) {
      const rows = this.db
        .select()
        .from(reminders)
        .where(lte(reminders.dueAt, nowMs))
        .orderBy(asc(reminders.dueAt))
        .limit(BATCH)
        .all();
      if (rows.length === 0) return sent;
      const messages: NotificationMessage[] = [];
      for (const row of rows) {
        const appointment = current(row.appointmentId);
        if (appointment?.status !== "booked" || Date.parse(appointment.start) <= nowMs) {
          this.remove(row);
          continue;
        }
        messages.push({ type: "appointment.reminder", offset: row.offset, appointment });
      }
      if (messages.length === 0) continue;
      try {
        await this.opts.send(messages);
      } catch (error) {
        const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
        const retryAt = nowMs + Math.min(60, retryDelaySeconds(attempts)) * 1000;
        for (const row of rows) {
          this.db
            .update(reminders)
            .set({ dueAt: retryAt, attempts })
            .where(and(eq(reminders.appointmentId, row.appointmentId), eq(reminders.offset, row.offset)))
            .run();
        }
        this.opts.onDeferred(rows.length, attempts, error);
        return sent;
      }
      // Only the rows as they were sent: a change during the send may have planned new ones.
      for (const row of rows) this.remove(row);
      sent += messages.length;
    }
    return sent;
  }

  private remove(row: { appointmentId: string; offset: string; dueAt: number }): void {
    this.db
      .delete(reminders)
      .where(
        and(
          eq(reminders.appointmentId, row.appointmentId),
          eq(reminders.offset, row.offset),
          eq(reminders.dueAt, row.dueAt),
        ),
      )
      .run();
  }
}
