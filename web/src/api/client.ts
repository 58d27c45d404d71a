import createClient from "openapi-fetch";
import { getSession } from "../auth/token-store";
import { apiErrorOf } from "./errors";
import type { paths } from "./types";

/**
 * Refresh is injected by the auth module (it owns the single-flight refresh), so this module does
 * not import it back: the client stays the one way to reach the API.
 */
let refreshAccess: () => Promise<boolean> = async () => false;
export function onUnauthorized(refresh: () => Promise<boolean>): void {
  refreshAccess = refresh;
}

/** Adds the in-memory access token; on a 401 refreshes once (cookie) and replays the request. */
async function authFetch(request: Request): Promise<Response> {
  const replay = request.clone();
  const token = getSession()?.accessToken;
  if (token) request.headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(request as never);
  const isAuthCall = new URL(request.url).pathname.startsWith("/api/v1/auth/");
  if (response.status !== 401 || !token || isAuthCall) return response;
  if (!(await refreshAccess())) return response;
  const fresh = getSession()?.accessToken;
  if (fresh) replay.headers.set("Authorization", `Bearer ${fresh}`);
  return fetch(replay as never);
}

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  fetch: authFetch,
  credentials: "same-origin",
});

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the envelope's code and fields. */
export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await pending;
  if (!response.ok || error !== undefined) throw apiErrorOf(error, response);
  return data as NonNullable<T>;
}

/** A fresh Idempotency-Key per user intent, so a retried click never books twice. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
