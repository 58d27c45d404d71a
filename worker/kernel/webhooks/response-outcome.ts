/**
 * What a receiver's answer means for a delivery: 2xx delivered; 410 Gone disables the endpoint
 * (the receiver says it will never want these again); anything else (other statuses, a timeout,
 * a network error) is retried, after Retry-After when a 429 or 503 gives one.
 */
export type DeliveryOutcome =
  | { kind: "delivered" }
  | { kind: "gone" }
  | { kind: "retry"; retryAfterSeconds: number | null };

export function outcomeOf(status: number | null, retryAfter: string | null, now: Date): DeliveryOutcome {
  if (status !== null && status >= 200 && status < 300) return { kind: "delivered" };
  if (status === 410) return { kind: "gone" };
  const honoured = status === 429 || status === 503 ? parseRetryAfter(retryAfter, now) : null;
  return { kind: "retry", retryAfterSeconds: honoured };
}

/** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
