import { DurableObject } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "../../migrations/doctor-schedule/migrations.js";
import type {
  AvailabilityResult,
  BookResult,
  ConfigureResult,
  TransitionResult,
} from "../../worker/kernel/booking/results.ts";
import { mongoGateway } from "../../worker/kernel/clients/mongo-gateway.ts";
import { createRedis } from "../../worker/kernel/clients/redis.ts";
import { type AppConfig, requireConfig } from "../../worker/kernel/config.ts";
import {
  type Actor,
  type AppointmentAction,
  type AppointmentView,
  checkTransition,
  newAppointmentId,
} from "../../worker/kernel/domain/appointment.ts";
import { slotsCacheKey } from "../../worker/kernel/domain/cache-keys.ts";
import { ScheduleSettings, type ScheduleSettingsInput } from "../../worker/kernel/domain/schedule.ts";
import { generateSlots, localDayBounds, type SlotChecker, slotChecker } from "../../worker/kernel/domain/slots.ts";
import { retryDelaySeconds } from "../../worker/kernel/lib/backoff.ts";
import { createLogger, type Logger } from "../../worker/kernel/lib/logger.ts";
import { dropDoctorCaches } from "../../worker/kernel/services/doctor-cache.ts";
import { Ledger, OUTBOX_BATCH_DELAY_MS } from "./ledger.ts";
import { packOutbox } from "./outbox-envelopes.ts";
import * as schema from "./schema.ts";

export interface ScheduleHealth {
  migrationsApplied: number;
  migrationsExpected: number;
  tables: string[];
}

export interface BookInput {
  doctorId: string;
  patientId: string;
  clinicId?: string | null;
  start: string;
  requestKey?: string | null;
  /** Decided by the Worker from config: whether paid bookings start as holds. */
  paymentsEnabled: boolean;
  actor: Actor;
}

export interface TransitionInput {
  appointmentId: string;
  action: Exclude<AppointmentAction, "expire">;
  actor: Actor;
  reason?: string | null;
  newStart?: string;
}

const OUTBOX_BATCH = 100;
/** How long a schedule change waits for MongoDB to take its booking terms before answering. */
const TERMS_SYNC_WAIT_MS = 3_000;

/**
 * One instance per doctor: the only writer of that doctor's slots. Every booking decision is a
 * synchronous read-check-write inside `transactionSync` with no `await` in between, and the
 * Durable Object runs one such block at a time, so two requests can never take the same slot.
 * Each change writes an outbox row in the same transaction; the alarm ships those rows to the
 * system-of-record queue and expires unpaid holds.
 */
export class DoctorSchedule extends DurableObject<Env> {
  private readonly db: DrizzleSqliteDODatabase<typeof schema>;
  private readonly ledger: Ledger;
  private readonly config: AppConfig;
  private readonly log: Logger;
  private doctorId = "";

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = requireConfig(env);
    this.log = createLogger({ level: this.config.LOG_LEVEL, fields: { component: "doctor-schedule" } });
    this.db = drizzle(ctx.storage, { schema });
    this.ledger = new Ledger(this.db, () => this.doctorId);
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(this.db, migrations);
      this.doctorId = this.ledger.settings()?.doctorId ?? "";
      // Terms MongoDB has not confirmed (a sync cut short by an eviction): the alarm sends them.
      if (this.ledger.termsToSync() && (await ctx.storage.getAlarm()) === null) {
        await ctx.storage.setAlarm(Date.now() + 1_000);
      }
    });
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

  async configure(doctorId: string, input: ScheduleSettingsInput): Promise<ConfigureResult> {
    const settings = ScheduleSettings.parse(input);
    const now = Date.now();
    const version = this.ctx.storage.transactionSync(() => this.ledger.saveSettings(doctorId, settings, now));
    this.doctorId = doctorId;
    // Bookings the new rules would not generate stay booked; the doctor sees them listed.
    const checkSlot = slotChecker(settings); // one checker: it reuses each day's slots across rows
    const conflicts = this.ledger
      .allActive()
      .filter((row) => row.startMs > now)
      .filter((row) => {
        const check = checkSlot(new Date(row.startMs).toISOString(), new Date(0));
        return !check.ok || new Date(check.slot.end).getTime() !== row.endMs;
      })
      .map((row) => this.ledger.view(row, []));
    await this.invalidateAvailability();
    const profileSynced = await this.syncTermsWithin(TERMS_SYNC_WAIT_MS);
    return { ok: true, settings, version, conflicts, profileSynced };
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
    const version = this.ctx.storage.transactionSync(() => this.ledger.saveSettings(doctorId, settings, Date.now()));
    await this.invalidateAvailability();
    // The profile edit that called this already wrote MongoDB; this stamps the terms' version there.
    this.ctx.waitUntil(this.syncTerms());
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
    await this.invalidateAvailability();
    this.doctorId = "";
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
    const slots = generateSlots(current.settings, { from, to }, new Date(), busy);
    return { ok: true, timeZone, slots, scheduleVersion: current.version };
  }

  async book(input: BookInput): Promise<BookResult> {
    const now = Date.now();
    const current = this.ledger.settings();
    if (!current || current.doctorId !== input.doctorId) return { ok: false, reason: "not_configured" };
    const { settings } = current;

    if (input.requestKey) {
      const earlier = this.ledger.byRequestKey(input.patientId, input.requestKey);
      if (earlier) return { ok: true, appointment: this.ledger.view(earlier), replayed: true };
    }
    const check = this.slotCheckerFor(settings)(input.start, new Date(now));
    if (!check.ok) return { ok: false, reason: "slot_unavailable", detail: check.reason };
    const startMs = Date.parse(check.slot.start);
    const endMs = Date.parse(check.slot.end);
    const hold = input.paymentsEnabled && settings.feePaise > 0;

    const result = this.ctx.storage.transactionSync((): BookResult => {
      if (hold && this.ledger.activeHoldsOf(input.patientId) >= settings.maxHoldsPerPatient) {
        return { ok: false, reason: "hold_limit", limit: settings.maxHoldsPerPatient };
      }
      if (this.ledger.overlappingActive(startMs, endMs)) return { ok: false, reason: "slot_taken" };
      const status = hold ? "held" : "booked";
      const row = {
        id: newAppointmentId(input.doctorId, crypto.getRandomValues(new Uint8Array(20))),
        patientId: input.patientId,
        clinicId: input.clinicId ?? null,
        startMs,
        endMs,
        status,
        holdExpiresAt: hold ? now + settings.holdMinutes * 60_000 : null,
        feePaise: settings.feePaise,
        version: 1,
        requestKey: input.requestKey ?? null,
        createdAt: now,
        updatedAt: now,
      } as const;
      this.ledger.insert(row);
      const created = this.ledger.recordEvent({
        appointmentId: row.id,
        version: 1,
        type: status,
        fromStatus: null,
        toStatus: status,
        actor: input.actor,
        toStartMs: startMs,
        at: now,
      });
      // Everything in the new appointment's view was just written here: no need to read it back.
      const appointment = this.ledger.enqueueSnapshot(this.ledger.view(row, [created]), now);
      return { ok: true, appointment, replayed: false };
    });
    if (result.ok) this.afterChange();
    return result;
  }

  async transition(input: TransitionInput): Promise<TransitionResult> {
    const now = Date.now();
    const current = this.ledger.settings();
    if (!current) return { ok: false, reason: "not_configured" };
    const { settings } = current;

    const result = this.ctx.storage.transactionSync((): TransitionResult => {
      const row = this.ledger.byId(input.appointmentId);
      if (!row || !this.canSee(input.actor, row)) return { ok: false, reason: "not_found" };
      const check = checkTransition({
        status: row.status,
        action: input.action,
        actor: input.actor,
        startMs: row.startMs,
        nowMs: now,
        cancelNoticeMinutes: settings.cancelNoticeMinutes,
      });
      if (!check.ok) return check;
      const version = row.version + 1;

      if (input.action === "reschedule") {
        const slot = this.slotCheckerFor(settings)(input.newStart ?? "", new Date(now));
        if (!slot.ok) return { ok: false, reason: "slot_unavailable", detail: slot.reason };
        const startMs = Date.parse(slot.slot.start);
        const endMs = Date.parse(slot.slot.end);
        // The new slot is taken and the old one released by this single UPDATE: there is no
        // moment at which the patient holds neither, and none at which another can take the new one.
        if (this.ledger.overlappingActive(startMs, endMs, row.id)) return { ok: false, reason: "slot_taken" };
        this.ledger.update(row.id, { startMs, endMs, version, updatedAt: now });
        this.ledger.recordEvent({
          appointmentId: row.id,
          version,
          type: "rescheduled",
          fromStatus: row.status,
          toStatus: row.status,
          actor: input.actor,
          reason: input.reason ?? null,
          fromStartMs: row.startMs,
          toStartMs: startMs,
          at: now,
        });
      } else {
        this.ledger.update(row.id, {
          status: check.to,
          holdExpiresAt: check.to === "held" ? row.holdExpiresAt : null,
          version,
          updatedAt: now,
        });
        this.ledger.recordEvent({
          appointmentId: row.id,
          version,
          type: input.action === "no_show" ? "no_show" : check.to,
          fromStatus: row.status,
          toStatus: check.to,
          actor: input.actor,
          reason: input.reason ?? null,
          at: now,
        });
      }
      return { ok: true, appointment: this.ledger.enqueueSnapshot(this.ledger.snapshot(row.id), now) };
    });
    if (result.ok) this.afterChange();
    return result;
  }

  async get(appointmentId: string, actor: Actor): Promise<AppointmentView | null> {
    const row = this.ledger.byId(appointmentId);
    return row && this.canSee(actor, row) ? this.ledger.view(row) : null;
  }

  /** The doctor's day (local date in the doctor's zone), straight from the authoritative ledger. */
  async day(date: string): Promise<{ timeZone: string; appointments: AppointmentView[] } | null> {
    const current = this.ledger.settings();
    if (!current) return null;
    const { startMs, endMs } = localDayBounds(current.settings.timeZone, date);
    return {
      timeZone: current.settings.timeZone,
      appointments: this.ledger.between(startMs, endMs).map((r) => this.ledger.view(r, [])),
    };
  }

  /** Every appointment with its version: for admins and for checking MongoDB converged. */
  async ledgerSnapshot(): Promise<{ appointments: AppointmentView[]; outboxPending: number }> {
    return {
      appointments: this.ledger.all().map((r) => this.ledger.view(r, [])),
      outboxPending: this.ledger.outboxSize(),
    };
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    const expired = this.ctx.storage.transactionSync(() => {
      // Conditional on status = 'held' inside the transaction: a retried alarm finds nothing
      // left to expire, so each hold is released exactly once.
      const due = this.ledger.expiredHolds(now);
      for (const row of due) {
        const version = row.version + 1;
        this.ledger.update(row.id, { status: "expired", holdExpiresAt: null, version, updatedAt: now });
        this.ledger.recordEvent({
          appointmentId: row.id,
          version,
          type: "expired",
          fromStatus: "held",
          toStatus: "expired",
          actor: { role: "system", id: "hold-expiry" },
          reason: "payment not completed in time",
          at: now,
        });
        this.ledger.enqueueSnapshot(this.ledger.snapshot(row.id), now);
      }
      return due.length;
    });
    this.alarmAt = null;
    // One invalidation per alarm run covers every change since the last one (each change leaves a
    // fresh outbox row), instead of one Redis call per booking.
    if (expired > 0 || this.ledger.hasFreshOutbox(now)) await this.invalidateAvailability();
    await this.drainOutbox();
    if (this.ledger.termsToSync() && (this.termsRetryAt ?? 0) <= now) await this.syncTerms();
    await this.scheduleAlarm();
  }

  /** When the next attempt to send unconfirmed booking terms to MongoDB is due (after a failure). */
  private termsRetryAt: number | null = null;
  private termsAttempts = 0;
  private termsSync: Promise<boolean> | null = null;

  /**
   * Copies the current schedule's booking terms (fee, accepting bookings) to the doctor's profile
   * in MongoDB, guarded there by the schedule version, then drops the profile's caches. One
   * attempt at a time; true once MongoDB has them. A failure (MongoDB down) leaves them marked
   * unsent and the alarm retries with backoff, so a schedule change never waits for MongoDB and
   * the profile still converges.
   */
  private syncTerms(): Promise<boolean> {
    if (!this.termsSync) {
      const attempt = this.sendTerms();
      this.termsSync = attempt;
      void attempt.finally(() => {
        if (this.termsSync === attempt) this.termsSync = null;
      });
    }
    return this.termsSync;
  }

  private async sendTerms(): Promise<boolean> {
    const pending = this.ledger.termsToSync();
    if (!pending) return true;
    try {
      const { doctorId, version, feePaise, acceptingBookings } = pending;
      const result = await mongoGateway(this.env, this.config, doctorId).syncBookingTerms(
        doctorId,
        { feePaise, acceptingBookings },
        version,
      );
      if (!result.ok) throw new Error(result.message);
      if (result.value) await dropDoctorCaches(this.config, this.log, doctorId, [result.value.speciality]);
      this.ctx.storage.transactionSync(() => this.ledger.markTermsSynced(version));
      this.termsAttempts = 0;
      this.termsRetryAt = null;
      // A newer schedule may have been saved meanwhile: its own sync (or the alarm) sends it.
      return this.ledger.termsToSync() === null;
    } catch (error) {
      this.termsAttempts++;
      this.termsRetryAt = Date.now() + Math.min(60, retryDelaySeconds(this.termsAttempts)) * 1000;
      this.log.warn("booking terms not yet in MongoDB; the alarm retries", {
        doctorId: this.doctorId,
        attempts: this.termsAttempts,
        error,
      });
      await this.scheduleAlarm(this.termsRetryAt);
      return false;
    }
  }

  /** syncTerms, waited for at most `ms`: an unfinished attempt goes on, and the alarm backs it up. */
  private async syncTermsWithin(ms: number): Promise<boolean> {
    if (!this.ledger.termsToSync()) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const done = await Promise.race([this.syncTerms(), late]);
    clearTimeout(timer);
    if (!done) await this.scheduleAlarm(this.termsRetryAt ?? Date.now() + TERMS_SYNC_WAIT_MS * 4);
    return done;
  }

  /** One checker per schedule: it keeps what it derived from the schedule between bookings. */
  private checker: { settings: ScheduleSettings; check: SlotChecker } | null = null;

  private slotCheckerFor(settings: ScheduleSettings): SlotChecker {
    if (this.checker?.settings !== settings) this.checker = { settings, check: slotChecker(settings) };
    return this.checker.check;
  }

  private canSee(actor: Actor, row: { patientId: string; clinicId: string | null }): boolean {
    switch (actor.role) {
      case "patient":
        return row.patientId === actor.id;
      case "clinic":
        return row.clinicId === actor.id;
      case "doctor":
        return actor.id === this.doctorId;
      case "admin":
      case "system":
        return true;
      default:
        return false;
    }
  }

  /**
   * Sends due outbox rows to the system-of-record queue, packed into envelopes of many
   * snapshots (packOutbox). A sent row is not deleted: it waits for
   * the consumer's confirmation (confirmDelivered) and is sent again if none comes within
   * OUTBOX_REDELIVERY_SECONDS, so a message lost or dead-lettered downstream still arrives.
   */
  private async drainOutbox(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      const now = Date.now();
      const rows = this.ledger.dueOutbox(now, OUTBOX_BATCH);
      if (rows.length === 0) return;
      const ids = rows.map((r) => r.id);
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      try {
        // A few envelopes of many snapshots each: one queue operation per envelope, not per change.
        for (const envelopes of packOutbox(this.doctorId, rows)) {
          await this.env.SOR_QUEUE.sendBatch(envelopes.map((body) => ({ body })));
        }
        this.ledger.deferOutbox(ids, attempts, now + this.config.OUTBOX_REDELIVERY_SECONDS * 1000);
      } catch (error) {
        const delayMs = Math.min(60, retryDelaySeconds(attempts)) * 1000;
        this.ledger.deferOutbox(ids, attempts, now + delayMs);
        this.log.warn("outbox delivery deferred", { doctorId: this.doctorId, rows: ids.length, attempts, error });
        return;
      }
    }
  }

  /** Called by the system-of-record consumer once MongoDB holds these outbox rows' snapshots. */
  async confirmDelivered(outboxIds: number[]): Promise<number> {
    return this.ledger.confirmOutbox(outboxIds);
  }

  /**
   * Every change is followed by an alarm that invalidates the cache and ships the outbox, once
   * the change's outbox row is due (OUTBOX_BATCH_DELAY_MS): changes in between share that run.
   */
  private afterChange(): void {
    const due = Date.now() + OUTBOX_BATCH_DELAY_MS;
    // Most changes land while that alarm is already pending: no storage calls at all then.
    if (typeof this.alarmAt === "number" && this.alarmAt <= due) return;
    this.ctx.waitUntil(this.scheduleAlarm(due));
  }

  /** When the alarm is known to fire no later than needed, skip the storage round trip. */
  private alarmAt: number | null | undefined;

  private async scheduleAlarm(soonest?: number): Promise<void> {
    const candidates = [
      soonest,
      this.ledger.nextOutboxAttempt(),
      this.ledger.nextHoldExpiry(),
      this.ledger.termsToSync() ? (this.termsRetryAt ?? Date.now()) : null,
    ].filter((t): t is number => typeof t === "number");
    if (candidates.length === 0) return;
    const target = Math.min(...candidates);
    if (typeof this.alarmAt === "number" && this.alarmAt <= target) return;
    const existing = await this.ctx.storage.getAlarm();
    if (existing === null || existing > target) {
      await this.ctx.storage.setAlarm(target);
      this.alarmAt = target;
    } else {
      this.alarmAt = existing;
    }
  }

  private async invalidateAvailability(): Promise<void> {
    if (!this.doctorId) return;
    const key = slotsCacheKey(this.doctorId);
    try {
      await createRedis(this.config).del(key);
    } catch (error) {
      this.log.warn("availability cache invalidation failed", { key, error });
    }
  }
}
