/** The HTTP statuses an ErrorCode maps to (a number here; the HTTP layer writes it). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * Every error the API can return. The code is the stable contract for clients;
 * the HTTP status is derived from it in exactly one place (statusOf).
 */
export type ErrorCode =
  | "NOT_FOUND"
  | "UNAUTHENTICATED"
  | "INVALID_CREDENTIALS"
  | "EMAIL_TAKEN"
  | "ALREADY_EXISTS"
  | "FORBIDDEN"
  | "INSUFFICIENT_SCOPE"
  | "SLOT_TAKEN"
  | "SLOT_UNAVAILABLE"
  | "INVALID_TRANSITION"
  | "HOLD_LIMIT_REACHED"
  | "CANCELLATION_WINDOW_PASSED"
  | "APPOINTMENT_NOT_STARTED"
  | "IDEMPOTENCY_KEY_REUSED"
  | "IDEMPOTENCY_IN_FLIGHT"
  | "METHOD_NOT_ALLOWED"
  | "MALFORMED_JSON"
  | "VALIDATION_FAILED"
  | "SEARCH_OUT_OF_BOUNDS"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYMENT_VERIFICATION_FAILED"
  | "WEBHOOK_SIGNATURE_INVALID"
  | "PAYMENTS_UNAVAILABLE"
  | "CONFIG_INVALID"
  | "DEPENDENCY_UNAVAILABLE"
  | "INTERNAL";

export function statusOf(code: ErrorCode): ErrorStatus {
  switch (code) {
    case "MALFORMED_JSON":
    case "VALIDATION_FAILED":
    case "SEARCH_OUT_OF_BOUNDS":
    case "PAYMENT_VERIFICATION_FAILED":
    case "WEBHOOK_SIGNATURE_INVALID":
      return 400;
    case "UNAUTHENTICATED":
    case "INVALID_CREDENTIALS":
      return 401;
    case "FORBIDDEN":
    case "INSUFFICIENT_SCOPE":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "SLOT_TAKEN":
    case "EMAIL_TAKEN":
    case "ALREADY_EXISTS":
    case "INVALID_TRANSITION":
    case "HOLD_LIMIT_REACHED":
    case "CANCELLATION_WINDOW_PASSED":
    case "APPOINTMENT_NOT_STARTED":
    case "IDEMPOTENCY_IN_FLIGHT":
      return 409;
    case "SLOT_UNAVAILABLE":
    case "IDEMPOTENCY_KEY_REUSED":
      return 422;
    case "METHOD_NOT_ALLOWED":
      return 405;
    case "PAYLOAD_TOO_LARGE":
      return 413;
    case "UNSUPPORTED_MEDIA_TYPE":
      return 415;
    case "RATE_LIMITED":
      return 429;
    case "CONFIG_INVALID":
    case "PAYMENTS_UNAVAILABLE":
    case "DEPENDENCY_UNAVAILABLE":
      return 503;
    case "INTERNAL":
      return 500;
    default: {
      const unreachable: never = code;
      throw new Error(`unmapped error code ${String(unreachable)}`);
    }
  }
}

export interface FieldError {
  path: string;
  message: string;
}

export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    message: string;
    requestId: string;
    fields?: FieldError[];
  };
}

/**
 * An error whose message is safe to show to the caller. Anything thrown that is not an
 * AppError is treated as unexpected: the caller sees a generic 500 and it goes to Sentry.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = options.fields;
    this.headers = options.headers;
  }

  get status(): ErrorStatus {
    return statusOf(this.code);
  }

  /** Only server-side failures are worth a Sentry event; 4xx are the caller's business. */
  get reportable(): boolean {
    return this.status >= 500 && this.code !== "DEPENDENCY_UNAVAILABLE";
  }
}

export function envelope(code: ErrorCode, message: string, requestId: string, fields?: FieldError[]): ErrorEnvelope {
  return { error: { code, message, requestId, ...(fields && fields.length > 0 ? { fields } : {}) } };
}
