import type { MiddlewareHandler } from "hono";
import { AppError } from "../../kernel/lib/errors.ts";
import type { AppEnv } from "../types.ts";

/**
 * Booking flood control with the Workers Rate Limiting binding (BOOKING_LIMITER): per caller,
 * counted in the Cloudflare location without a subrequest, approximate — which is what shedding a
 * flood needs (the doctor's DO enforces the exact caps on a patient's holds and bookings).
 * It sits after authentication and before the Idempotency-Key record, so a refusal never reaches
 * the doctor's DO and is never recorded under a key: the caller's retry runs afresh.
 *
 * `RATE_LIMIT_BOOKING = "off"` skips it. Otherwise the binding's own limit and period
 * (wrangler.toml `[ratelimits.simple]`) apply, and the setting's window, which mirrors that
 * period, is the refusal's Retry-After: the binding reports no reset time, so we promise no less
 * than a whole window.
 */
export function bookingFloodControl(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const spec = c.get("config").RATE_LIMIT_BOOKING;
    if (!spec) return next();
    const caller = c.get("caller");
    const { success } = await c.env.BOOKING_LIMITER.limit({ key: `${caller.role}:${caller.id}` });
    if (!success) {
      c.get("log").info("rate limited", { policy: "booking" });
      throw new AppError("RATE_LIMITED", `Too many bookings; try again in ${spec.windowSeconds} s`, {
        headers: { "Retry-After": String(spec.windowSeconds) },
      });
    }
    await next();
  };
}
