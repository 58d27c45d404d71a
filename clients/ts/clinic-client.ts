import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "../../web/src/api/schema.d.ts";

/**
 * A typed client for Prescripto's public API, generated from the OpenAPI document the Worker
 * serves (`npm run openapi` writes the types; openapi-fetch makes the calls). It sends the API key,
 * gives every mutation an `Idempotency-Key`, and retries a refused or unavailable call (429, 503,
 * a dropped connection) with the same key, so a retried booking is never booked twice.
 *
 *   const clinic = createClinicClient({ baseUrl: "https://…", apiKey: process.env.PRESCRIPTO_API_KEY });
 *   const { doctors } = await must(clinic.GET("/api/v1/clinic/doctors"));
 */
export type ClinicClient = Client<paths>;
export type Appointment = components["schemas"]["Appointment"];
export type ClinicPatient = components["schemas"]["ClinicPatient"];

export interface ClinicClientOptions {
  /** The API's origin, e.g. https://prescripto.example. */
  baseUrl: string;
  /** A clinic API key (`pe_…`). */
  apiKey: string;
  /** Attempts per call when the API answers 429/503 or the connection fails (default 3). */
  attempts?: number;
  /** Longest wait between attempts, in ms (default 10 s); Retry-After is honoured up to it. */
  maxRetryDelayMs?: number;
  fetch?: typeof fetch;
}

const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function createClinicClient(options: ClinicClientOptions): ClinicClient {
  const base = options.fetch ?? fetch;
  const attempts = Math.max(1, options.attempts ?? 3);
  const maxDelay = options.maxRetryDelayMs ?? 10_000;

  async function send(request: Request): Promise<Response> {
    request.headers.set("Authorization", `Bearer ${options.apiKey}`);
    if (MUTATIONS.has(request.method) && !request.headers.has("Idempotency-Key")) {
      request.headers.set("Idempotency-Key", crypto.randomUUID());
    }
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      try {
        response = await base(request.clone() as never);
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
      if (response && !(response.status === 429 || response.status === 503)) return response;
      if (response && attempt >= attempts) return response;
      const retryAfter = Number(response?.headers.get("Retry-After"));
      const delay = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 250 * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, maxDelay)));
    }
  }

  return createClient<paths>({ baseUrl: options.baseUrl, fetch: send });
}

/** The API's error envelope, thrown by `must` for any non-2xx answer. */
export class ClinicApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;

  // No parameter properties: Node runs this file with type stripping only (npm run example:clinic).
  constructor(status: number, code: string, message: string, requestId: string | null) {
    super(`${status} ${code}: ${message}`);
    this.name = "ClinicApiError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** The data of a successful call; a ClinicApiError (code, message, requestId) otherwise. */
export async function must<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok && data !== undefined) return data;
  const envelope = (error as { error?: { code?: string; message?: string; requestId?: string } } | undefined)?.error;
  throw new ClinicApiError(
    response.status,
    envelope?.code ?? "UNKNOWN",
    envelope?.message ?? response.statusText,
    envelope?.requestId ?? null,
  );
}
