import { createRedis } from "../../worker/kernel/clients/redis.ts";
import type { AppConfig } from "../../worker/kernel/config.ts";
import { slotsCacheKey } from "../../worker/kernel/domain/cache-keys.ts";
import { coalesced } from "../../worker/kernel/lib/coalesce.ts";
import type { Logger } from "../../worker/kernel/lib/logger.ts";

/**
 * How long a booking's availability invalidation waits for others to share it: a busy doctor
 * pays one Redis DEL per this window instead of one per booking. The cached availability lags a
 * change by about this much (a stale slot still cannot be booked: the doctor's object decides).
 */
const INVALIDATION_WINDOW_MS = 100;

/** Drops the doctor's cached availability (Redis) after changes the object made. */
export class AvailabilityCache {
  constructor(
    private readonly config: AppConfig,
    private readonly log: Logger,
    private readonly doctorId: () => string,
  ) {}

  /** At once, awaited: a schedule change's answer must not be followed by the old availability. */
  async invalidate(doctorId = this.doctorId()): Promise<void> {
    if (!doctorId) return;
    const key = slotsCacheKey(doctorId);
    try {
      await createRedis(this.config).del(key);
    } catch (error) {
      this.log.warn("availability cache invalidation failed", { key, error });
    }
  }

  /** After bookings: changes within INVALIDATION_WINDOW_MS share one DEL. */
  readonly invalidateSoon = coalesced(async () => {
    await new Promise((resolve) => setTimeout(resolve, INVALIDATION_WINDOW_MS));
    await this.invalidate();
  });
}
