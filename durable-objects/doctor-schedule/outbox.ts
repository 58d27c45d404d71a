import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { BookingTerms } from "../../worker/kernel/booking/schedule-change.ts";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { Payment, Refund } from "../../worker/kernel/domain/payment.ts";
import { coalesced } from "../../worker/kernel/lib/coalesce.ts";
import type { SorMessage } from "../../worker/kernel/messages/sor-messages.ts";
import { packOutbox } from "./outbox-envelopes.ts";
import type * as schemaTypes from "./schema.ts";
import { outbox } from "./schema.ts";

type Db = DrizzleSqliteDODatabase<typeof schemaTypes>;

const BATCH = 100;
/** A failed send (the queue refused it) is retried after 1 s, 2 s, 4 s … at most this. */
const SEND_RETRY_MAX_MS = 60_000;
/** Redelivery doubles per attempt from the configured first delay up to this. */
export const REDELIVERY_MAX_MS = 300_000;
/**
 * On start, rows older than this that were sent once or twice (or never) are sent again at once:
 * whatever carried them may have died with the runtime. Rows already backing off through a long
 * outage keep their schedule.
 */
export const STALE_ON_START_MS = 3_000;
const STALE_ON_START_ATTEMPTS = 2;
const TERMS_SUBJECT = "terms";

function prepareStatements(db: Db) {
  const p = sql.placeholder;
  return {
    supersede: db
      .delete(outbox)
      .where(eq(outbox.subject, p("subject")))
      .prepare(),
    insert: db
      .insert(outbox)
      .values({
        topic: p("topic"),
        subject: p("subject"),
        payload: p("payload"),
        createdAt: p("createdAt"),
        nextAttemptAt: p("nextAttemptAt"),
      })
      .returning({ id: outbox.id })
      .prepare(),
    // Ordered as the next_attempt index is (rowid last), so this reads only due rows; ordering by
    // id alone makes SQLite walk every row still waiting for its confirmation.
    due: db
      .select()
      .from(outbox)
      .where(lte(outbox.nextAttemptAt, p("nowMs")))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(p("limit"))
      .prepare(),
    // Rows this instance wrote and has not sent yet, by id (primary key lookups).
    byIds: db
      .select()
      .from(outbox)
      .where(sql`${outbox.id} in (select value from json_each(${p("ids")}))`)
      .prepare(),
    // Rows written before a restart that may have been lost in flight: due now.
    resendStale: db
      .update(outbox)
      .set({ nextAttemptAt: sql`${p("nowMs")}` })
      .where(
        and(
          lte(outbox.createdAt, p("staleBefore")),
          lte(outbox.attempts, STALE_ON_START_ATTEMPTS),
          gt(outbox.nextAttemptAt, p("nowMs")),
        ),
      )
      .returning({ id: outbox.id })
      .prepare(),
    // Id lists are bound as one JSON array, so a batch of any size reuses one statement.
    confirm: db
      .delete(outbox)
      .where(sql`${outbox.id} in (select value from json_each(${p("ids")}))`)
      .returning({ id: outbox.id })
      .prepare(),
    // Per row: attempts + 1, next attempt after base × 2^attempts (capped), so a batch mixing new
    // rows and rows backing off through an outage keeps each on its own schedule.
    defer: db
      .update(outbox)
      .set({
        attempts: sql`${outbox.attempts} + 1`,
        nextAttemptAt: sql`${p("nowMs")} + min(${p("maxMs")}, ${p("baseMs")} << min(${outbox.attempts}, 20))`,
      })
      .where(sql`${outbox.id} in (select value from json_each(${p("ids")}))`)
      .prepare(),
    nextAttempt: db
      .select({ t: sql<number | null>`min(${outbox.nextAttemptAt})` })
      .from(outbox)
      .prepare(),
    size: db.select({ n: sql<number>`count(*)` }).from(outbox).prepare(),
  };
}

/**
 * Everything a doctor's object owes MongoDB (appointment snapshots, booking terms), written in the
 * same transaction as the change (enqueue*) and sent to the system-of-record queue right after it
 * by the same object (`drain`, from the request's waitUntil): changes arriving while a send is in
 * flight go together in the next one, so a busy doctor sends one batch per queue round trip. A row
 * stays until the consumer confirms MongoDB has it (`confirm`); one not confirmed is sent again
 * after the redelivery delay, doubling per attempt up to REDELIVERY_MAX_MS, so anything lost
 * downstream (a crash, a dead letter) still arrives. Every row is written already due at its first
 * redelivery time: if the object dies before sending it, the alarm armed for that time does.
 */
export class Outbox {
  private readonly q: ReturnType<typeof prepareStatements>;
  /** Rows written by this instance and not yet sent (lost on eviction: the alarm covers them). */
  private unsent: number[] = [];
  /** Callers waiting for a row's confirmation (see waitFor). */
  private readonly waiters = new Map<number, Set<(confirmed: boolean) => void>>();

  constructor(
    db: Db,
    private readonly opts: {
      doctorId: () => string;
      now: () => number;
      /** The first redelivery delay; later ones double. */
      redeliveryMs: () => number;
      send: (messages: SorMessage[]) => Promise<void>;
      onDeferred: (rows: number, attempts: number, error: unknown) => void;
    },
  ) {
    this.q = prepareStatements(db);
  }

  /** The snapshot that travels to MongoDB (sent by the next drain). */
  enqueueSnapshot(view: AppointmentView, nowMs: number): AppointmentView {
    // The new snapshot carries the whole state: older unconfirmed ones of this appointment are moot.
    // A first version has none (versions start at 1 when the appointment is created).
    if (view.version > 1) this.q.supersede.run({ subject: view.id });
    this.insert("sor", view.id, { type: "appointment.snapshot", appointment: view }, nowMs);
    return view;
  }

  /** A schedule version's booking terms (a schedule change waits for them). Returns the row id. */
  enqueueTerms(terms: BookingTerms, nowMs: number): number {
    this.q.supersede.run({ subject: TERMS_SUBJECT });
    return this.insert(TERMS_SUBJECT, TERMS_SUBJECT, { type: "doctor.terms", ...terms }, nowMs);
  }

  /**
   * A payment or refund record for MongoDB's `payments` / `refunds`, guarded there by `rev` (the
   * appointment version written with it). A newer record of the same payment or refund supersedes.
   */
  enqueueMoney(record: { kind: "payment"; value: Payment } | { kind: "refund"; value: Refund }, rev: number): void {
    const subject = `${record.kind}:${record.value.id}`;
    this.q.supersede.run({ subject });
    const payload =
      record.kind === "payment"
        ? { type: "payment.record", rev, payment: record.value }
        : { type: "refund.record", rev, refund: record.value };
    this.insert("money", subject, { ...payload, doctorId: this.opts.doctorId() }, this.opts.now());
  }

  private insert(topic: string, subject: string, payload: object, nowMs: number): number {
    const [row] = this.q.insert.all({
      topic,
      subject,
      payload: JSON.stringify(payload),
      createdAt: new Date(nowMs),
      nextAttemptAt: new Date(nowMs + this.opts.redeliveryMs()),
    });
    if (!row) throw new Error("outbox insert returned no row");
    this.unsent.push(row.id);
    return row.id;
  }

  /**
   * After a restart: rows old enough that their send may have been lost with the runtime (or never
   * happened) become due now instead of at their redelivery time. Returns how many.
   */
  resendStale(nowMs: number): number {
    return this.q.resendStale.all({ nowMs, staleBefore: nowMs - STALE_ON_START_MS }).length;
  }

  nextAttempt(): number | null {
    return this.q.nextAttempt.get()?.t ?? null;
  }

  size(): number {
    return this.q.size.get()?.n ?? 0;
  }

  /**
   * Sends this instance's unsent rows and every row due for redelivery, packed into envelopes of
   * many snapshots (packOutbox). One drain at a time; a call arriving mid-drain is served by a
   * follow-up round once the current send returns, so concurrent changes share a queue operation.
   */
  readonly drain = coalesced(() => this.drainRounds());

  private async drainRounds(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      const now = this.opts.now();
      const unsent = this.unsent.splice(0, BATCH);
      const rows = unsent.length > 0 ? this.q.byIds.all({ ids: JSON.stringify(unsent) }) : [];
      const seen = new Set(rows.map((r) => r.id));
      for (const r of this.q.due.all({ nowMs: now, limit: BATCH })) if (!seen.has(r.id)) rows.push(r);
      if (rows.length === 0) {
        if (unsent.length === 0) return;
        continue; // all superseded or confirmed meanwhile
      }
      rows.sort((a, b) => a.id - b.id);
      const ids = JSON.stringify(rows.map((r) => r.id));
      try {
        // A few envelopes of many snapshots each: one queue operation per envelope, not per change.
        for (const messages of packOutbox(this.opts.doctorId(), rows)) await this.opts.send(messages);
        this.q.defer.run({ ids, nowMs: this.opts.now(), baseMs: this.opts.redeliveryMs(), maxMs: REDELIVERY_MAX_MS });
      } catch (error) {
        this.q.defer.run({ ids, nowMs: this.opts.now(), baseMs: 1_000, maxMs: SEND_RETRY_MAX_MS });
        this.opts.onDeferred(rows.length, Math.max(...rows.map((r) => r.attempts)) + 1, error);
        return;
      }
    }
  }

  /**
   * MongoDB holds these rows' contents: done. Only these exact rows are removed (a newer snapshot
   * is a new row). Returns how many of them were still waiting.
   */
  confirm(ids: number[]): number {
    if (ids.length === 0) return 0;
    const removed = this.q.confirm.all({ ids: JSON.stringify(ids) }).length;
    for (const id of ids) this.settle(id, true);
    return removed;
  }

  /** Resolves true once row `id` is confirmed, false after `ms` (the row stays and is still sent). */
  waitFor(id: number, ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, false, done), ms);
      const done = (confirmed: boolean) => {
        clearTimeout(timer);
        resolve(confirmed);
      };
      const set = this.waiters.get(id) ?? new Set();
      set.add(done);
      this.waiters.set(id, set);
    });
  }

  private settle(id: number, confirmed: boolean, only?: (confirmed: boolean) => void): void {
    const set = this.waiters.get(id);
    if (!set) return;
    for (const done of only ? [only] : set) {
      set.delete(done);
      done(confirmed);
    }
    if (set.size === 0) this.waiters.delete(id);
  }
}
