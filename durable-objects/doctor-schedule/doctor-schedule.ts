import { DurableObject } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import migrations from "../../migrations/doctor-schedule/migrations.js";
import { decideAttendance, decideLinkCancel, type LinkAnswerResult } from "../../worker/kernel/booking/attendance.ts";
import {
  canSee,
  decideBook,
  decideHoldExpiry,
  decideTransition,
  type Write,
} from "../../worker/kernel/booking/engine.ts";
import type { BookInput, TransitionInput } from "../../worker/kernel/booking/inputs.ts";
import type { OrderRow, SeenPayment } from "../../worker/kernel/booking/payments.ts";
import type { RefundQuote } from "../../worker/kernel/booking/refunds.ts";
import type {
  AvailabilityResult,
  BookResult,
  ConfigureResult,
  TransitionResult,
} from "../../worker/kernel/booking/results.ts";
import { bookingTerms, scheduleConflicts } from "../../worker/kernel/booking/schedule-change.ts";
import { razorpayClient } from "../../worker/kernel/clients/razorpay.ts";
import { type AppConfig, requireConfig } from "../../worker/kernel/config.ts";
import { type Actor, type AppointmentView, newAppointmentId } from "../../worker/kernel/domain/appointment.ts";
import { ScheduleSettings, type ScheduleSettingsInput } from "../../worker/kernel/domain/schedule.ts";
import { generateSlots, localDayBounds, type SlotChecker, slotChecker } from "../../worker/kernel/domain/slots.ts";
import { type BookedSlot, slotBook } from "../../worker/kernel/fhir/slot-book.ts";
import { createLogger, type Logger } from "../../worker/kernel/lib/logger.ts";
import { paymentsSetup } from "../../worker/kernel/payments/config.ts";
import { migrateOnce } from "../sqlite-db.ts";
import { AvailabilityCache } from "./availability-cache.ts";
import { HoldReleases } from "./hold-releases.ts";
import { type CurrentSchedule, Ledger } from "./ledger.ts";
import { Outbox } from "./outbox.ts";
import { PaymentLedger } from "./payment-ledger.ts";
import { type OrderResult, PaymentDesk, type SeenResult } from "./payments.ts";
import { Reminders } from "./reminders.ts";
import * as schema from "./schema.ts";
import { WakeUps } from "./wake-ups.ts";

export type { BookInput, TransitionInput } from "../../worker/kernel/booking/inputs.ts";

interface ScheduleHealth {
  migrationsApplied: number;
  migrationsExpected: number;
  tables: string[];
}

/** How long a schedule change waits for MongoDB's profile to confirm its booking terms. */
const TERMS_SYNC_WAIT_MS = 3_000;

/**
 * One instance per doctor: the only writer of that doctor's slots. A thin shell around the pure
 * booking engine (worker/kernel/booking/engine.ts): each call reads state, asks the engine and
 * writes its decision inside one `transactionSync` with no `await` in between, and the object
 * runs one such block at a time, so two requests can never take the same slot. Each change
 * writes an outbox row in the same transaction, which the object sends right after answering
 * (outbox.ts); the alarm redelivers what MongoDB has not confirmed and expires unpaid holds.
 * Time comes from `clock.now`, which tests replace.
 */
export class DoctorSchedule extends DurableObject<Env> {
  readonly clock = { now: () => Date.now() };
  private readonly db: DrizzleSqliteDODatabase<typeof schema>;
  private readonly ledger: Ledger;
  private readonly paymentLedger: PaymentLedger;
  private readonly payments: PaymentDesk;
  private readonly outbox: Outbox;
  private readonly reminders: Reminders;
  private readonly wakeUps: WakeUps;
  private readonly availabilityCache: AvailabilityCache;
  private readonly config: AppConfig;
  private readonly log: Logger;
  private readonly holdReleases: HoldReleases;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = requireConfig(env);
    this.log = createLogger({ level: this.config.LOG_LEVEL, fields: { component: "doctor-schedule" } });
    this.db = drizzle(ctx.storage, { schema });
    this.paymentLedger = new PaymentLedger(this.db);
    this.ledger = new Ledger(this.db, (id) => this.paymentLedger.summary(id));
    this.outbox = new Outbox(this.db, {
      doctorId: () => this.doctorId(),
      now: () => this.clock.now(),
      redeliveryMs: () => this.config.OUTBOX_REDELIVERY_SECONDS * 1000,
      send: async (messages) => {
        await this.env.SOR_QUEUE.sendBatch(messages.map((body) => ({ body })));
      },
      onDeferred: (rows, attempts, error) =>
        this.log.warn("outbox delivery deferred", { doctorId: this.doctorId(), rows, attempts, error }),
    });
    this.reminders = new Reminders(this.db, {
      offsets: () => this.config.REMINDER_OFFSETS,
      send: async (messages) => {
        await this.env.NOTIFICATIONS_QUEUE.sendBatch(messages.map((body) => ({ body })));
      },
      onDeferred: (rows, attempts, error) =>
        this.log.warn("reminders deferred", { doctorId: this.doctorId(), rows, attempts, error }),
    });
    this.availabilityCache = new AvailabilityCache(this.config, this.log, () => this.doctorId());
    this.holdReleases = new HoldReleases(env, this.log, (id) => this.ledger.byId(id)?.status === "held");
    const setup = paymentsSetup(this.config);
    const razorpay = setup.state === "on" ? razorpayClient(setup.razorpay) : null;
    this.payments = new PaymentDesk({
      storage: ctx.storage,
      ledger: this.ledger,
      payments: this.paymentLedger,
      doctorId: () => this.doctorId(),
      now: () => this.clock.now(),
      razorpay: () => razorpay,
      refundPolicy: () => this.ledger.settings()?.settings.refundPolicy ?? null,
      apply: (write, nowMs) => this.apply(write, nowMs),
      enqueueMoney: (record, rev) => this.outbox.enqueueMoney(record, rev),
      afterChange: () => this.afterChange(),
      waitUntil: (p) => ctx.waitUntil(p),
      log: this.log,
    });
    this.wakeUps = new WakeUps(ctx.storage, () => ({
      outbox: this.outbox.nextAttempt(),
      // Refunds due to be (re)sent wake the same alarm as holds do.
      holdExpiry: minOf(this.ledger.nextHoldExpiry(), this.payments.nextDue()),
      reminder: this.reminders.next(),
    }));
    void ctx.blockConcurrencyWhile(async () => {
      await migrateOnce(ctx, this.db, migrations);
      // A restart may have lost what was in flight (the queue's messages, this object's unsent
      // rows): old unconfirmed rows are due now rather than at their redelivery time.
      this.outbox.resendStale(this.clock.now());
      // Rows written before an eviction (or by a migration) with no alarm left to send them.
      await this.wakeUps.arm();
    });
  }

  private doctorId(): string {
    return this.ledger.settings()?.doctorId ?? "";
  }

  async health(): Promise<ScheduleHealth> {
    const applied = this.db.get<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`);
    const tables = this.db
      .all<{ name: string }>(sql`select name from sqlite_master where type = 'table' order by name`)
      .map((t) => t.name)
      .filter((name) => !name.startsWith("_") && !name.startsWith("sqlite"));
    return {
      migrationsApplied: applied?.n ?? 0,
      migrationsExpected: migrations.journal.entries.length,
      tables,
    };
  }

  /**
   * Replaces the schedule. Its booking terms travel to the doctor's MongoDB profile through the
   * outbox; the answer waits up to `waitForProfileMs` for their confirmation (`profileSynced`).
   * Onboarding passes 0: the profile does not exist yet, so there is nothing to wait for.
   */
  async configure(
    doctorId: string,
    input: ScheduleSettingsInput,
    opts: { waitForProfileMs?: number } = {},
  ): Promise<ConfigureResult> {
    const settings = ScheduleSettings.parse(input);
    const now = this.clock.now();
    const { version, termsRow } = this.ctx.storage.transactionSync(() => {
      const version = this.ledger.saveSettings(doctorId, settings, now);
      return { version, termsRow: this.outbox.enqueueTerms(bookingTerms(doctorId, version, settings), now) };
    });
    // Bookings the new rules would not generate stay booked; the doctor sees them listed.
    const conflicts = scheduleConflicts(settings, this.ledger.allActive(), now).map((r) => this.ledger.view(r, []));
    await Promise.all([this.wakeUps.arm(), this.availabilityCache.invalidate()]);
    const confirmed = this.outbox.waitFor(
      termsRow,
      Math.min(opts.waitForProfileMs ?? TERMS_SYNC_WAIT_MS, TERMS_SYNC_WAIT_MS),
    );
    this.ctx.waitUntil(this.ship());
    return { ok: true, settings, version, conflicts, profileSynced: await confirmed };
  }

  /**
   * Changes only the booking terms a doctor edits on their profile (fee, whether they accept
   * bookings), leaving the rest of the schedule alone. Read, merge and write happen with no
   * `await` in between, so a concurrent schedule PUT cannot be half-overwritten.
   */
  async updateBookingTerms(
    doctorId: string,
    patch: { feePaise?: number; acceptingBookings?: boolean },
  ): Promise<{ ok: true; version: number } | { ok: false; reason: "not_configured" }> {
    const current = this.ledger.settings();
    if (!current || current.doctorId !== doctorId) return { ok: false, reason: "not_configured" };
    const settings = ScheduleSettings.parse({ ...current.settings, ...patch });
    const now = this.clock.now();
    const version = this.ctx.storage.transactionSync(() => {
      const version = this.ledger.saveSettings(doctorId, settings, now);
      this.outbox.enqueueTerms(bookingTerms(doctorId, version, settings), now);
      return version;
    });
    await Promise.all([this.wakeUps.arm(), this.availabilityCache.invalidate()]);
    // The profile edit that called this already wrote MongoDB; the outbox stamps the terms' version there.
    this.ctx.waitUntil(this.ship());
    return { ok: true, version };
  }

  /**
   * Undoes the schedule of an onboarding that failed before the doctor was created, so no
   * schedule stays bookable for a doctor who does not exist. Refused once anything was booked.
   */
  async discard(doctorId: string): Promise<{ discarded: boolean }> {
    const current = this.ledger.settings();
    if (!current || current.doctorId !== doctorId || this.ledger.hasAppointments()) return { discarded: false };
    this.ctx.storage.transactionSync(() => this.ledger.clearSettings());
    await this.availabilityCache.invalidate(doctorId);
    return { discarded: true };
  }

  async getSchedule(): Promise<{ settings: ScheduleSettings; version: number } | null> {
    const current = this.ledger.settings();
    return current ? { settings: current.settings, version: current.version } : null;
  }

  async availability(from: string, to: string): Promise<AvailabilityResult> {
    const current = this.ledger.settings();
    if (!current) return { ok: false, reason: "not_configured" };
    const { timeZone } = current.settings;
    const fromMs = localDayBounds(timeZone, from).startMs;
    const toMs = localDayBounds(timeZone, to).endMs;
    const busy = this.ledger.activeBetween(fromMs, toMs).map((r) => ({ startMs: r.startMs, endMs: r.endMs }));
    const slots = generateSlots(current.settings, { from, to }, new Date(this.clock.now()), busy);
    return { ok: true, timeZone, slots, scheduleVersion: current.version };
  }

  /** Availability with the taken slots kept and marked busy (the FHIR view's Slot search). */
  async slotBook(from: string, to: string): Promise<{ timeZone: string; slots: BookedSlot[] } | null> {
    const current = this.ledger.settings();
    if (!current) return null;
    const { timeZone } = current.settings;
    const fromMs = localDayBounds(timeZone, from).startMs;
    const toMs = localDayBounds(timeZone, to).endMs;
    const busy = this.ledger.activeBetween(fromMs, toMs).map((r) => ({ startMs: r.startMs, endMs: r.endMs }));
    return { timeZone, slots: slotBook(current.settings, { from, to }, new Date(this.clock.now()), busy) };
  }

  async book(input: BookInput): Promise<BookResult> {
    const current = this.ledger.settings();
    if (!current) return { ok: false, reason: "not_configured" };
    const id = newAppointmentId(input.doctorId, crypto.getRandomValues(new Uint8Array(20)));
    const now = this.clock.now();
    const result = this.ctx.storage.transactionSync((): BookResult => {
      const decision = decideBook(this.engineState(current), { ...input, id }, now);
      if (!decision.ok) return decision;
      if ("replay" in decision) {
        return { ok: true, appointment: JSON.parse(decision.replay.answer) as AppointmentView, replayed: true };
      }
      const appointment = this.apply(decision.write, now);
      // The key and the first answer commit with the booking: a retry after a lost answer gets it.
      if (input.request) {
        this.ledger.recordBookingRequest({
          ...input.request,
          appointmentId: appointment.id,
          answer: JSON.stringify(appointment),
          createdAt: now,
        });
      }
      return { ok: true, appointment, replayed: false };
    });
    if (result.ok && !result.replayed) await this.afterChange();
    return result;
  }

  async transition(input: TransitionInput): Promise<TransitionResult> {
    const current = this.ledger.settings();
    if (!current) return { ok: false, reason: "not_configured" };
    const now = this.clock.now();
    const result = this.ctx.storage.transactionSync((): TransitionResult => {
      const decision = decideTransition(this.engineState(current), input, now);
      if (!decision.ok) return decision;
      if (input.action === "cancel") this.payments.onCancel(decision.write.row, input.actor, now);
      return { ok: true, appointment: this.apply(decision.write, now) };
    });
    if (result.ok) await this.afterChange();
    return result;
  }

  /**
   * What cancelling now would refund, for the cancel dialog: the cancel itself is decided (and not
   * written), so a cancel that would be refused is refused here the same way, and the refund comes
   * from the same decision the cancel records (PaymentDesk.quote).
   */
  async refundQuote(
    appointmentId: string,
    actor: Actor,
  ): Promise<{ ok: true; quote: RefundQuote | null } | Extract<TransitionResult, { ok: false }>> {
    const current = this.ledger.settings();
    if (!current) return { ok: false, reason: "not_configured" };
    const now = this.clock.now();
    const decision = decideTransition(this.engineState(current), { appointmentId, action: "cancel", actor }, now);
    if (!decision.ok) return decision;
    const before = this.ledger.byId(appointmentId);
    return { ok: true, quote: before ? this.payments.quote(before, actor, now) : null };
  }

  /**
   * A reminder link's answer: confirm attendance (recorded in history) or cancel as the patient.
   * Only for the version the link was issued for, so a link works once; a refusal carries the
   * appointment as it is now, so the page can show what was already answered.
   */
  async answerReminderLink(
    appointmentId: string,
    version: number,
    action: "confirm" | "cancel",
  ): Promise<LinkAnswerResult> {
    const current = this.ledger.settings();
    const now = this.clock.now();
    const result = this.ctx.storage.transactionSync((): LinkAnswerResult => {
      const decision = !current
        ? ({ ok: false, reason: "not_configured" } as const)
        : action === "confirm"
          ? decideAttendance(this.ledger, { appointmentId, version }, now)
          : decideLinkCancel(this.engineState(current), { appointmentId, version }, now);
      if (!decision.ok) {
        const row = this.ledger.byId(appointmentId);
        return { ok: false, reason: decision.reason, appointment: row ? this.ledger.view(row) : null };
      }
      // A cancel from the link refunds by the doctor's policy like any patient's cancel.
      if (action === "cancel") {
        this.payments.onCancel(decision.write.row, { role: "patient", id: decision.write.row.patientId }, now);
      }
      return { ok: true, appointment: this.apply(decision.write, now) };
    });
    if (result.ok) await this.afterChange();
    return result;
  }

  async get(appointmentId: string, actor: Actor): Promise<AppointmentView | null> {
    const row = this.ledger.byId(appointmentId);
    return row && canSee(actor, row, this.doctorId()) ? this.ledger.view(row) : null;
  }

  /** The doctor's day (local date in the doctor's zone), straight from the authoritative ledger. */
  async day(date: string): Promise<{ timeZone: string; appointments: AppointmentView[] } | null> {
    const current = this.ledger.settings();
    if (!current) return null;
    const { startMs, endMs } = localDayBounds(current.settings.timeZone, date);
    return {
      timeZone: current.settings.timeZone,
      // With history: the doctor sees what happened to each, e.g. a patient's confirmed attendance.
      appointments: this.ledger.between(startMs, endMs).map((r) => this.ledger.view(r)),
    };
  }

  /** Every appointment with its version: for admins and for checking MongoDB converged. */
  async ledgerSnapshot(): Promise<{ appointments: AppointmentView[]; outboxPending: number }> {
    return {
      appointments: this.ledger.all().map((r) => this.ledger.view(r, [])),
      outboxPending: this.outbox.size(),
    };
  }

  /** Called by the system-of-record consumer once MongoDB holds these outbox rows' contents. */
  async confirmDelivered(outboxIds: number[]): Promise<number> {
    return this.outbox.confirm(outboxIds);
  }

  override async alarm(): Promise<void> {
    await this.payments.beforeExpiry(this.ledger.expiredHolds(this.clock.now()));
    const now = this.clock.now();
    const expired = this.ctx.storage.transactionSync(() => {
      const writes = decideHoldExpiry(this.ledger.expiredHolds(now), now);
      for (const w of writes) this.apply(w, now);
      return writes.length;
    });
    this.wakeUps.fired();
    if (expired > 0) this.ctx.waitUntil(this.availabilityCache.invalidateSoon());
    await this.reminders.sendDue(now, (id) => {
      const row = this.ledger.byId(id);
      return row ? this.ledger.view(row) : null;
    });
    await this.payments.sendDueRefunds();
    // Sends expiries just made and redelivers what MongoDB has not confirmed in time.
    await this.ship();
  }

  /** The Razorpay order of a held appointment, created on first call (payments.ts). */
  async paymentOrder(appointmentId: string, actor: Actor): Promise<OrderResult> {
    return this.payments.openOrder(appointmentId, (row) => canSee(actor, row, this.doctorId()));
  }

  /** The order recorded for an appointment: checkout signatures are checked against it, never the browser's. */
  async paymentTarget(appointmentId: string, actor: Actor): Promise<OrderRow | null> {
    const row = this.ledger.byId(appointmentId);
    return row && canSee(actor, row, this.doctorId()) ? (this.payments.order(appointmentId) ?? null) : null;
  }

  /** A payment Razorpay reported for an appointment (verify, webhook); `eventId` makes it apply once. */
  async observePayment(
    appointmentId: string,
    seen: SeenPayment,
    eventId: string,
    eventType: string,
  ): Promise<SeenResult> {
    return this.payments.seePayment(appointmentId, seen, eventId, eventType);
  }

  async observeRefund(
    seen: { receipt: string | null; razorpayRefundId: string; status: "pending" | "processed" | "failed" },
    eventId: string,
    eventType: string,
  ): Promise<{ ok: boolean; changed: boolean }> {
    return this.payments.seeRefund(seen, eventId, eventType);
  }

  /** Writes an engine decision and its outbox snapshot (inside the caller's transaction). */
  private apply(write: Write, nowMs: number): AppointmentView {
    const entry = this.ledger.write(write);
    // A new appointment's whole history is the entry just written: no need to read it back.
    const view = this.ledger.view(write.row, write.kind === "insert" ? [entry] : undefined);
    this.reminders.plan(view, this.ledger.settings()?.settings.timeZone ?? "UTC", nowMs);
    this.holdReleases.note(write);
    return this.outbox.enqueueSnapshot(view, nowMs);
  }

  /** One checker per schedule: it keeps what it derived from the schedule between bookings. */
  private checker: { settings: ScheduleSettings; check: SlotChecker } | null = null;

  private engineState(current: CurrentSchedule) {
    if (this.checker?.settings !== current.settings) {
      this.checker = { settings: current.settings, check: slotChecker(current.settings) };
    }
    return {
      doctorId: current.doctorId,
      settings: current.settings,
      checkSlot: this.checker.check,
      ledger: this.ledger,
    };
  }

  /** Sends what is due, then arms the alarm for whatever is next. */
  private async ship(): Promise<void> {
    await this.outbox.drain();
    await this.wakeUps.arm();
  }

  /**
   * After a change: the alarm is armed (before answering) for the new rows' redelivery time, in
   * case this object dies before sending them; then the same object sends them at once.
   */
  private async afterChange(): Promise<void> {
    // Usually an alarm at or before that time is already known: then this costs nothing.
    const backstop = this.clock.now() + this.config.OUTBOX_REDELIVERY_SECONDS * 1000;
    if (!this.wakeUps.coveredBy(backstop)) await this.wakeUps.arm();
    this.ctx.waitUntil(this.ship());
    this.ctx.waitUntil(this.availabilityCache.invalidateSoon());
    if (this.holdReleases.pending) this.ctx.waitUntil(this.holdReleases.send());
  }
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
