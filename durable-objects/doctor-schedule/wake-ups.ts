import { alarmToSet, nextWakeUp } from "../../worker/kernel/booking/schedule-change.ts";

/**
 * Arms the doctor's single alarm for the earliest thing due (an outbox row, a hold expiry, a
 * reminder). It
 * remembers the alarm it knows of, so the common case (a change while an earlier alarm is already
 * pending) costs no storage call at all.
 */
export class WakeUps {
  /** The alarm known to be set (null: none, undefined: not looked at yet). */
  private alarmAt: number | null | undefined;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly due: () => { outbox: number | null; holdExpiry: number | null; reminder?: number | null },
  ) {}

  /** Whether an alarm is known to fire by `t` already (then nothing needs arming). */
  coveredBy(t: number): boolean {
    return typeof this.alarmAt === "number" && this.alarmAt <= t;
  }

  /** The alarm has fired: whatever is next must be armed again. */
  fired(): void {
    this.alarmAt = null;
  }

  async arm(soonest?: number): Promise<void> {
    const target = nextWakeUp({ ...this.due(), soonest });
    if (target === null || this.coveredBy(target)) return;
    const existing = await this.storage.getAlarm();
    const set = alarmToSet(target, existing);
    if (set !== null) await this.storage.setAlarm(set);
    this.alarmAt = set ?? existing;
  }
}
