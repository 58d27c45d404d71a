/** Any failure talking to the API, normalised from the error envelope for display. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly fields: { path: string; message: string }[];

  constructor(
    message: string,
    options: { status: number; code: string; requestId: string | null; fields?: { path: string; message: string }[] },
  ) {
    super(message);
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.fields = options.fields ?? [];
  }

  /** The message the API gave for one input field, if any. */
  field(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message;
  }
}

type Envelope = { error?: { code?: string; message?: string; requestId?: string; fields?: unknown } };

/** Builds an ApiError from what openapi-fetch returns for a non-2xx answer. */
export function apiErrorOf(error: unknown, response: Response | undefined): ApiError {
  const body = (typeof error === "object" && error !== null ? error : {}) as Envelope;
  const fields = Array.isArray(body.error?.fields) ? (body.error?.fields as { path: string; message: string }[]) : [];
  return new ApiError(body.error?.message || `Request failed with status ${response?.status ?? 0}.`, {
    status: response?.status ?? 0,
    code: body.error?.code || "HTTP_ERROR",
    requestId: body.error?.requestId || response?.headers.get("x-request-id") || null,
    fields,
  });
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) {
    return new ApiError("We couldn't reach Prescripto. Check your connection and try again.", {
      status: 0,
      code: "NETWORK_ERROR",
      requestId: null,
    });
  }
  return new ApiError("Something went wrong. Please try again.", { status: 0, code: "UNKNOWN", requestId: null });
}
