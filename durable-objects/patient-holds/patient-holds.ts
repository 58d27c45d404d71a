import { DurableObject } from "cloudflare:workers";
import {
  decideConfirm,
  decideRelease,
  decideReserve,
  type HoldReservation,
  type ReserveDecision,
} from "../../worker/kernel/domain/hold-cap.ts";

const KEY = "reservations";

/**
 * One per patient: the platform-wide count of that patient's unpaid holds (issue 11 item 5).
 * The booking service reserves here before any doctor's object holds a slot, so two holds asked
 * of two doctors at once are counted in one place, one call at a time. Each reservation carries
 * the hold's expiry and lapses by itself, so a release that never arrives (paid, cancelled,
 * expired) frees the patient at the latest when the hold would have expired anyway.
 *
 * The list lives in memory, loaded once; each change updates it before any await, so calls that
 * interleave at the storage write still see each other, and the write is durable before the
 * answer leaves (output gate). Time comes from `clock.now`, which tests replace.
 */
export class PatientHolds extends DurableObject<Env> {
  readonly clock = { now: () => Date.now() };
  private reservations: HoldReservation[] = [];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      this.reservations = (await ctx.storage.get<HoldReservation[]>(KEY)) ?? [];
    });
  }

  async reserve(request: HoldReservation, limit: number): Promise<ReserveDecision> {
    const decision = decideReserve(this.reservations, request, limit, this.clock.now());
    if (decision.ok) await this.save(decision.reservations);
    return decision;
  }

  /** The doctor's object took the hold: the pending key becomes the appointment with its expiry. */
  async confirm(pendingKey: string, held: HoldReservation): Promise<void> {
    await this.save(decideConfirm(this.reservations, pendingKey, held, this.clock.now()));
  }

  async release(keys: string[]): Promise<void> {
    const now = this.clock.now();
    await this.save(keys.reduce((rs, key) => decideRelease(rs, key, now), this.reservations));
  }

  /** The live reservations (for tests and support). */
  async list(): Promise<HoldReservation[]> {
    const now = this.clock.now();
    return this.reservations.filter((r) => r.expiresAtMs > now);
  }

  private async save(next: HoldReservation[]): Promise<void> {
    this.reservations = next;
    await this.ctx.storage.put(KEY, next);
  }
}
