// The access token lives in this module's memory only (never in storage a script could read later);
// the refresh token is an HttpOnly cookie the page cannot see at all.
import type { Role } from "../api/types";

export interface Session {
  accessToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  accountId: string;
  role: Role;
}

type Listener = (session: Session | null) => void;

let current: Session | null = null;
const listeners = new Set<Listener>();

export function getSession(): Session | null {
  return current;
}

export function setSession(next: Session | null): void {
  current = next;
  for (const listener of listeners) listener(next);
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Reads the (already server-verified) claims the UI needs from a JWT; no trust is placed in them. */
export function sessionFromToken(accessToken: string, expiresInSeconds: number, nowMs: number): Session | null {
  const payload = accessToken.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const claims = JSON.parse(json) as { sub?: unknown; role?: unknown };
    if (typeof claims.sub !== "string") return null;
    if (claims.role !== "patient" && claims.role !== "doctor" && claims.role !== "admin") return null;
    return { accessToken, expiresAt: nowMs + expiresInSeconds * 1000, accountId: claims.sub, role: claims.role };
  } catch {
    return null;
  }
}
