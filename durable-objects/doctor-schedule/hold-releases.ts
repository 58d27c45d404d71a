import type { Write } from "../../worker/kernel/booking/engine.ts";
import { patientHolds } from "../../worker/kernel/clients/patient-holds.ts";
import type { Logger } from "../../worker/kernel/lib/logger.ts";

/**
 * Gives ended holds back to the platform-wide cap on unpaid holds (services/hold-cap.ts): every
 * write that takes a hold out of `held` by payment or cancellation is noted, and sent to the
 * patient's PatientHolds object after the change. Best effort: a release lost here (eviction, an
 * error) only means the reservation lapses at the hold's expiry. An expired hold's reservation
 * has lapsed with it, so expiries send nothing.
 */
export class HoldReleases {
  private ended = new Map<string, string>();

  constructor(
    private readonly env: Env,
    private readonly log: Logger,
    /** Whether the appointment is (still) held: a noted write whose transaction rolled back is not sent. */
    private readonly stillHeld: (appointmentId: string) => boolean,
  ) {}

  note(write: Write): void {
    const { row, event } = write;
    if (event.fromStatus === "held" && row.status !== "held" && row.status !== "expired") {
      this.ended.set(row.id, row.patientId);
    }
  }

  get pending(): boolean {
    return this.ended.size > 0;
  }

  async send(): Promise<void> {
    const ended = [...this.ended];
    this.ended = new Map();
    const byPatient = new Map<string, string[]>();
    for (const [id, patientId] of ended) {
      if (this.stillHeld(id)) continue;
      byPatient.set(patientId, [...(byPatient.get(patientId) ?? []), id]);
    }
    await Promise.all(
      [...byPatient].map(([patientId, ids]) =>
        patientHolds(this.env, patientId)
          .release(ids)
          .catch((error: unknown) => this.log.warn("hold release failed; it lapses at expiry", { error })),
      ),
    );
  }
}
