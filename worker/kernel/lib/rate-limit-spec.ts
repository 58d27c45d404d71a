import { z } from "zod";

/**
 * A rate limit as written in configuration: `<count>/<window>`, e.g. "20/1m" (20 requests per
 * minute), "5/15m", "1000/1h", "3/10s". Units: s, m, h, d; the window number may be left out ("20/m").
 */
export interface RateLimitSpec {
  limit: number;
  windowSeconds: number;
  /** The window as @upstash/ratelimit's Duration string. */
  window: `${number} s`;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
const FORMAT = /^(\d{1,9})\/(\d{0,6})([smhd])$/;

export function parseRateLimitSpec(text: string): RateLimitSpec | null {
  const m = FORMAT.exec(text.trim());
  if (!m) return null;
  const limit = Number(m[1]);
  const windowSeconds = Number(m[2] || "1") * UNIT_SECONDS[m[3] as keyof typeof UNIT_SECONDS];
  if (limit < 1 || windowSeconds < 1 || windowSeconds > 7 * 86_400) return null;
  return { limit, windowSeconds, window: `${windowSeconds} s` };
}

/**
 * A limit setting: a spec, or `off` (null), which skips the limit and its Redis call altogether,
 * e.g. for an operator who must shed that dependency during an incident, or to measure its cost.
 */
export const RateLimitSetting = z.string({ error: "is required" }).transform((text, ctx): RateLimitSpec | null => {
  if (text.trim() === "off") return null;
  const spec = parseRateLimitSpec(text);
  if (!spec) {
    ctx.addIssue({
      code: "custom",
      message: 'must look like "20/1m": a count ≥ 1, "/", a window of 1 s to 7 d (units s, m, h, d); or "off"',
    });
    return z.NEVER;
  }
  return spec;
});
