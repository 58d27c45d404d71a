import { api, onUnauthorized } from "../api/client";
import type { TokenResponse } from "../api/types";
import { getSession, sessionFromToken, setSession } from "./token-store";

// Refresh a minute before the access token expires, so a request rarely meets a 401.
const EARLY_MS = 60_000;
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<boolean> | null = null;

/** Stores a token response's access token and schedules the next silent refresh. */
export function adoptTokens(tokens: Pick<TokenResponse, "accessToken" | "expiresIn">): boolean {
  const session = sessionFromToken(tokens.accessToken, tokens.expiresIn, Date.now());
  setSession(session);
  clearTimeout(timer);
  if (session)
    timer = setTimeout(() => void refreshSession(), Math.max(5_000, session.expiresAt - Date.now() - EARLY_MS));
  return session !== null;
}

export function dropSession(): void {
  clearTimeout(timer);
  setSession(null);
}

/**
 * Trades the HttpOnly `pe_rt` cookie for a new access token. Single-flight: concurrent 401s and the
 * timer share one request, because each refresh spends the cookie's token (reuse revokes the family).
 */
export function refreshSession(): Promise<boolean> {
  inFlight ??= (async () => {
    try {
      const { data, response } = await api.POST("/api/v1/auth/refresh", {
        headers: { "X-Requested-With": "fetch" },
      });
      if (response.ok && data) return adoptTokens(data);
      if (response.status === 400 || response.status === 401) dropSession();
      return false;
    } catch {
      // Offline: keep whatever session we have; the next request or timer tries again.
      return getSession() !== null;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

onUnauthorized(refreshSession);
