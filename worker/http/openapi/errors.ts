import { z } from "@hono/zod-openapi";
import { type ErrorCode, type ErrorStatus, statusOf } from "../../kernel/lib/errors.ts";

/**
 * Every ErrorCode, so the document can list which codes each status carries. The record makes
 * the compiler refuse a code added to the kernel's union but not here.
 */
const CODES: Record<ErrorCode, true> = {
  NOT_FOUND: true,
  UNAUTHENTICATED: true,
  INVALID_CREDENTIALS: true,
  EMAIL_TAKEN: true,
  ALREADY_EXISTS: true,
  FORBIDDEN: true,
  INSUFFICIENT_SCOPE: true,
  SLOT_TAKEN: true,
  SLOT_UNAVAILABLE: true,
  INVALID_TRANSITION: true,
  HOLD_LIMIT_REACHED: true,
  CANCELLATION_WINDOW_PASSED: true,
  APPOINTMENT_NOT_STARTED: true,
  IDEMPOTENCY_KEY_REUSED: true,
  IDEMPOTENCY_IN_FLIGHT: true,
  METHOD_NOT_ALLOWED: true,
  MALFORMED_JSON: true,
  VALIDATION_FAILED: true,
  SEARCH_OUT_OF_BOUNDS: true,
  PAYLOAD_TOO_LARGE: true,
  RATE_LIMITED: true,
  UNSUPPORTED_MEDIA_TYPE: true,
  PAYMENT_VERIFICATION_FAILED: true,
  WEBHOOK_SIGNATURE_INVALID: true,
  PAYMENTS_UNAVAILABLE: true,
  CONFIG_INVALID: true,
  DEPENDENCY_UNAVAILABLE: true,
  INTERNAL: true,
};
export const ERROR_CODES = Object.keys(CODES) as ErrorCode[];

const codesOf = (status: ErrorStatus) => ERROR_CODES.filter((code) => statusOf(code) === status);

const FieldError = z.object({ path: z.string(), message: z.string() }).openapi("FieldError");

const envelopes = new Map<ErrorStatus, ReturnType<typeof buildEnvelope>>();

/** The one error envelope, with the codes a given status can carry (one component per status). */
function envelopeSchema(status: ErrorStatus) {
  let schema = envelopes.get(status);
  if (!schema) {
    schema = buildEnvelope(status);
    envelopes.set(status, schema);
  }
  return schema;
}

function buildEnvelope(status: ErrorStatus) {
  const [first, ...rest] = codesOf(status);
  if (!first) throw new Error(`no error code maps to ${status}`);
  return z
    .object({
      error: z.object({
        code: z.enum([first, ...rest]),
        message: z.string(),
        requestId: z.string(),
        fields: z.array(FieldError).optional(),
      }),
    })
    .openapi(`Error${status}`);
}

const DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "The request is invalid (VALIDATION_FAILED names the fields; MALFORMED_JSON)",
  401: "No valid credential",
  403: "The caller's role may not do this",
  404: "Not found (a path id that cannot exist is 404 too)",
  405: "Method not allowed",
  409: "Conflict with the current state",
  413: "The body is too large",
  415: "The body's media type is not accepted",
  422: "Understood but refused",
  429: "Too many requests; see Retry-After",
  500: "Unexpected failure (recorded)",
  503: "A dependency or the configuration is unavailable",
};

const responseOf = (status: ErrorStatus) => ({
  description: `${DESCRIPTIONS[status]}. Codes: ${codesOf(status).join(", ")}`,
  content: { "application/json": { schema: envelopeSchema(status) } },
});

type ErrorResponses<S extends ErrorStatus> = { [K in S]: ReturnType<typeof responseOf> };

export function errorResponses<S extends ErrorStatus>(...statuses: S[]): ErrorResponses<S> {
  return Object.fromEntries(statuses.map((s) => [s, responseOf(s)])) as ErrorResponses<S>;
}

/** What any route may answer: bad input, not found, oversized or mistyped body, failures. */
export const commonErrors = errorResponses(400, 404, 413, 415, 500, 503);
/** A route behind requireRole: no credential, or the wrong role. */
export const authErrors = errorResponses(401, 403);
/** A mutation taking Idempotency-Key: key in flight (409) or reused with another body (422). */
export const idempotencyErrors = errorResponses(409, 422);
