import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { BookingTerms } from "../../worker/kernel/booking/schedule-change.ts";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { Payment, Refund } from "../../worker/kernel/domain/payment.ts";
import { retryDelaySeconds } from "../../worker/kernel/lib/backoff.ts";
import type { SorMessage } from "../../worker/kernel/messages/sor-messages.ts";
import { packOutbox } from "./outbox-envelopes.ts";
import type * as schemaTypes from "./schema.ts";
import { outbox } from "./schema.ts";

type Db = DrizzleSqliteDODatabase<typeof schemaTypes>;

/**
 * How long a new appointment's outbox row waits before it is due. Changes arriving within this
 * window share one alarm run: one cache invalidation and one queue batch instead of one of each
 * per change. The availability cache (and MongoDB) lag a change by about this much more.
 */
export const OUTBOX_BATCH_DELAY_MS = 200;
const BATCH = 100;
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
    fresh: db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.attempts, 0), lte(outbox.nextAttemptAt, p("nowMs"))))
      .limit(1)
      .prepare(),
    // Id lists are bound as one JSON array, so a batch of any size reuses one statement.
    confirm: db
      .delete(outbox)
      .where(sql`${outbox.id} in (select value from json_each(${p("ids")}))`)
      .returning({ id: outbox.id })
      .prepare(),
    defer: db
      .update(outbox)
      .set({ attempts: sql`${p("attempts")}`, nextAttemptAt: sql`${p("nextAttemptMs")}` })
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
 * same transaction as the change (enqueue*), sent to the system-of-record queue by `drain`, and
 * kept until the consumer confirms MongoDB has it (`confirm`); a row not confirmed within the
 * redelivery delay is sent again, so anything lost downstream, even dead-lettered, still arrives.
 */
export class Outbox {
  private readonly q: ReturnType<typeof prepareStatements>;
  private draining: Promise<void> | null = null;
  /** Callers waiting for a row's confirmation (see waitFor). */
  private readonly waiters = new Map<number, Set<(confirmed: boolean) => void>>();

  constructor(
    db: Db,
    private readonly opts: {
      doctorId: () => string;
      now: () => number;
      redeliveryMs: () => number;
      send: (messages: SorMessage[]) => Promise<void>;
      onDeferred: (rows: number, attempts: number, error: unknown) => void;
    },
  ) {
    this.q = prepareStatements(db);
  }

  /** The snapshot that travels to MongoDB, due OUTBOX_BATCH_DELAY_MS later so close changes share a batch. */
  enqueueSnapshot(view: AppointmentView, nowMs: number): AppointmentView {
    // The new snapshot carries the whole state: older unconfirmed ones of this appointment are moot.
    // A first version has none (versions start at 1 when the appointment is created).
    if (view.version > 1) this.q.supersede.run({ subject: view.id });
    this.insert("sor", view.id, { type: "appointment.snapshot", appointment: view }, nowMs + OUTBOX_BATCH_DELAY_MS);
    return view;
  }

  /** A schedule version's booking terms, due at once (a schedule change waits for them). Returns the row id. */
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
    const nowMs = this.opts.now();
    this.insert("money", subject, { ...payload, doctorId: this.opts.doctorId() }, nowMs + OUTBOX_BATCH_DELAY_MS);
  }

  private insert(topic: string, subject: string, payload: object, dueMs: number): number {
    const [row] = this.q.insert.all({
      topic,
      subject,
      payload: JSON.stringify(payload),
      createdAt: new Date(this.opts.now()),
      nextAttemptAt: new Date(dueMs),
    });
    if (!row) throw new Error("outbox insert returned no row");
    return row.id;
  }

  /** Whether any due row has never been sent: a change the alarm has not yet acted on. */
  hasFresh(nowMs: number): boolean {
    return this.q.fresh.all({ nowMs }).length > 0;
  }

  nextAttempt(): number | null {
    return this.q.nextAttempt.get()?.t ?? null;
  }

  size(): number {
    return this.q.size.get()?.n ?? 0;
  }

  /**
   * Sends due rows, packed into envelopes of many snapshots (packOutbox). A sent row waits for its
   * confirmation until the redelivery delay; a failed send is retried with backoff. One drain at a
   * time: a caller arriving mid-drain shares it.
   */
  drain(): Promise<void> {
    if (!this.draining) {
      const run = this.drainRounds().finally(() => {
        if (this.draining === run) this.draining = null;
      });
      this.draining = run;
    }
    return this.draining;
  }

  private async drainRounds(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      const now = this.opts.now();
      const rows = this.q.due.all({ nowMs: now, limit: BATCH });
      if (rows.length === 0) return;
      const ids = JSON.stringify(rows.map((r) => r.id));
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      try {
        // A few envelopes of many snapshots each: one queue operation per envelope, not per change.
        for (const messages of packOutbox(this.opts.doctorId(), rows)) await this.opts.send(messages);
        this.q.defer.run({ ids, attempts, nextAttemptMs: now + this.opts.redeliveryMs() });
      } catch (error) {
        const delayMs = Math.min(60, retryDelaySeconds(attempts)) * 1000;
        this.q.defer.run({ ids, attempts, nextAttemptMs: now + delayMs });
        this.opts.onDeferred(rows.length, attempts, error);
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
