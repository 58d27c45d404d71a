import type { Context, MiddlewareHandler } from "hono";
import type { BookingRequestKey } from "../../kernel/booking/inputs.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import type { AppEnv } from "../types.ts";

const KEY = /^[A-Za-z0-9_.:-]{1,255}$/;

/**
 * Idempotency-Key on mutating calls (after authentication, so keys are scoped to the caller).
 * Same key + same body → the first response replayed (Idempotent-Replayed: true); same key +
 * different body → 422; the first still running → 409. A 5xx or a 429 (rate limited) is not
 * recorded, so the caller's retry runs again. Records live ≥ 24 h in the caller's IdempotencyStore.
 */
export function idempotent(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = keyOf(c);
    if (key === null) return next();
    const caller = c.get("caller");
    const fingerprint = await fingerprintOf(c.req.method, c.req.path, new Uint8Array(await c.req.arrayBuffer()));
    const store = c.env.IDEMPOTENCY_STORE.get(c.env.IDEMPOTENCY_STORE.idFromName(`${caller.role}:${caller.id}`));
    const begun = await store.begin(key, fingerprint);
    switch (begun.state) {
      case "replay":
        return new Response(begun.body, {
          status: begun.status,
          headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true", "Cache-Control": "no-store" },
        });
      case "mismatch":
        throw new AppError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used with a different request");
      case "in_flight":
        throw new AppError("IDEMPOTENCY_IN_FLIGHT", "A request with this Idempotency-Key is still being processed", {
          headers: { "Retry-After": "1" },
        });
      case "started":
        break;
    }
    try {
      await next();
    } catch (error) {
      await store.abandon(key);
      throw error;
    }
    if (c.res.status >= 500 || c.res.status === 429) await store.abandon(key);
    else await store.complete(key, fingerprint, c.res.status, await c.res.clone().text());
  };
}

function keyOf(c: Context<AppEnv>): string | null {
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return null;
  if (!KEY.test(key)) {
    throw new AppError("VALIDATION_FAILED", "Invalid Idempotency-Key header", {
      fields: [{ path: "Idempotency-Key", message: "1-255 characters of A-Z a-z 0-9 _ . : -" }],
    });
  }
  return key;
}

/**
 * Bookings keep their Idempotency-Key in the doctor's Durable Object, in the same transaction as
 * the booking (no round trip to the IdempotencyStore): this is what the DO needs to decide a
 * replay — the key, the caller it belongs to and the request's fingerprint. Same rules as
 * `idempotent()`: same key and request → the first answer; another request → 422.
 */
export async function bookingRequestKey(c: Context<AppEnv>): Promise<BookingRequestKey | null> {
  const key = keyOf(c);
  if (key === null) return null;
  const caller = c.get("caller");
  const fingerprint = await fingerprintOf(c.req.method, c.req.path, new Uint8Array(await c.req.arrayBuffer()));
  return { scope: `${caller.role}:${caller.id}`, key, fingerprint };
}

/**
 * JSON bodies are compared as canonical JSON, so key order and whitespace do not matter; any
 * other body (a photo) by its exact bytes, never through a text decoding that could make two
 * different images look alike.
 */
export async function fingerprintOf(method: string, path: string, body: Uint8Array): Promise<string> {
  let canonical: Uint8Array = body;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    canonical = new TextEncoder().encode(JSON.stringify(sortKeys(JSON.parse(text))));
  } catch {
    // Not JSON: the raw bytes.
  }
  const head = new TextEncoder().encode(`${method} ${path}\n`);
  const whole = new Uint8Array(head.byteLength + canonical.byteLength);
  whole.set(head);
  whole.set(canonical, head.byteLength);
  const digest = await crypto.subtle.digest("SHA-256", whole);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
