import { mongoGateway } from "../worker/kernel/clients/mongo-gateway.ts";
import type { AppConfig } from "../worker/kernel/config.ts";
import type { Logger } from "../worker/kernel/lib/logger.ts";
import type { DoctorTermsMessage } from "../worker/kernel/messages/sor-messages.ts";
import { dropDoctorCaches } from "../worker/kernel/services/doctor-cache.ts";

/**
 * Copies each doctor's booking terms onto their MongoDB profile (guarded there by the schedule
 * version: an older version never overwrites a newer one) and drops the profile's caches when it
 * changed. Returns, per message, whether it was applied: a stale version or a doctor not (yet) in
 * MongoDB counts as applied, as there is nothing left to do for it.
 */
export async function applyBookingTerms(
  items: readonly DoctorTermsMessage[],
  env: Env,
  config: AppConfig,
  log: Logger,
): Promise<boolean[]> {
  return Promise.all(
    items.map(async ({ doctorId, version, feePaise, acceptingBookings }) => {
      try {
        const gateway = mongoGateway(env, config, doctorId);
        const result = await gateway.syncBookingTerms(doctorId, { feePaise, acceptingBookings }, version);
        if (!result.ok) throw new Error(result.message);
        if (result.value) await dropDoctorCaches(config, log, doctorId, [result.value.speciality]);
        return true;
      } catch (error) {
        log.warn("booking terms not yet in MongoDB; the queue retries", { doctorId, version, error });
        return false;
      }
    }),
  );
}
