import type { AppointmentView, TransitionCheck } from "../domain/appointment.ts";
import type { ScheduleSettings } from "../domain/schedule.ts";
import type { Slot, SlotCheck } from "../domain/slots.ts";

type SlotUnavailable = { ok: false; reason: "slot_unavailable"; detail: Exclude<SlotCheck, { ok: true }>["reason"] };
type NotConfigured = { ok: false; reason: "not_configured" };

export type BookResult =
  | { ok: true; appointment: AppointmentView; replayed: boolean }
  | NotConfigured
  | SlotUnavailable
  | { ok: false; reason: "slot_taken" }
  | { ok: false; reason: "hold_limit"; limit: number }
  | { ok: false; reason: "idempotency_key_reused" };

export type TransitionResult =
  | { ok: true; appointment: AppointmentView }
  | { ok: false; reason: "not_found" }
  | Exclude<TransitionCheck, { ok: true }>
  | NotConfigured
  | SlotUnavailable
  | { ok: false; reason: "slot_taken" };

export type AvailabilityResult = { ok: true; timeZone: string; slots: Slot[]; scheduleVersion: number } | NotConfigured;

export type ConfigureResult = {
  ok: true;
  settings: ScheduleSettings;
  version: number;
  /** Active bookings the new schedule no longer generates. They are kept, never dropped silently. */
  conflicts: AppointmentView[];
  /**
   * Whether the doctor's profile in MongoDB already shows this schedule's fee and accepting flag.
   * False while MongoDB is unreachable: the doctor's object keeps sending them until it is back.
   */
  profileSynced: boolean;
};
