// Typed client for the same-origin Prescripto API.
import type { PublicDoctor } from "../../worker/kernel/domain/doctor.ts";

/** The API's public doctor profile: one definition, shared with the Worker (type-only import). */
export type Doctor = PublicDoctor;

export interface DoctorsResponse {
  doctors: Doctor[];
  /** Always the full list of specialities, not only those in `doctors`. */
  specialities: string[];
}

/** Any failure talking to the API, normalised for display. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;

  constructor(message: string, options: { status: number; code: string; requestId: string | null }) {
    super(message);
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
  }
}

export function doctorsUrl(speciality: string | null): string {
  if (!speciality) return "/api/v1/doctors";
  return `/api/v1/doctors?${new URLSearchParams({ speciality }).toString()}`;
}

export async function fetchDoctors(speciality: string | null, signal?: AbortSignal): Promise<DoctorsResponse> {
  let response: Response;
  try {
    response = await fetch(doctorsUrl(speciality), {
      headers: { Accept: "application/json" },
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError("We couldn't reach Prescripto. Check your connection and try again.", {
      status: 0,
      code: "NETWORK_ERROR",
      requestId: null,
    });
  }

  const headerRequestId = response.headers.get("x-request-id");
  const body: unknown = await response.json().catch((error: unknown) => {
    if (signal?.aborted) throw error;
    return undefined;
  });

  if (!response.ok) {
    const envelope = isErrorEnvelope(body) ? body.error : undefined;
    throw new ApiError(envelope?.message || `Request failed with status ${response.status}.`, {
      status: response.status,
      code: envelope?.code || "HTTP_ERROR",
      requestId: envelope?.requestId || headerRequestId,
    });
  }

  if (!isDoctorsResponse(body)) {
    throw new ApiError("The server sent an unexpected response.", {
      status: response.status,
      code: "BAD_RESPONSE",
      requestId: headerRequestId,
    });
  }
  return body;
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError("Something went wrong. Please try again.", {
    status: 0,
    code: "UNKNOWN",
    requestId: null,
  });
}

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === "object" && value !== null;
}

function isErrorEnvelope(value: unknown): value is {
  error: { code?: string; message?: string; requestId?: string };
} {
  if (!isRecord(value) || !isRecord(value.error)) return false;
  const { code, message, requestId } = value.error;
  return (
    (code === undefined || typeof code === "string") &&
    (message === undefined || typeof message === "string") &&
    (requestId === undefined || typeof requestId === "string")
  );
}

function isDoctor(value: unknown): value is Doctor {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.name === "string" &&
    typeof value.speciality === "string" &&
    typeof value.degree === "string" &&
    typeof value.experienceYears === "number" &&
    typeof value.feePaise === "number" &&
    typeof value.currency === "string" &&
    isRecord(value.address) &&
    typeof value.address.city === "string" &&
    (value.photoUrl == null || typeof value.photoUrl === "string") &&
    typeof value.available === "boolean"
  );
}

function isDoctorsResponse(value: unknown): value is DoctorsResponse {
  return (
    isRecord(value) &&
    Array.isArray(value.doctors) &&
    value.doctors.every(isDoctor) &&
    Array.isArray(value.specialities) &&
    value.specialities.every((s) => typeof s === "string")
  );
}
