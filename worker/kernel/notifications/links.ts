/**
 * Signed, expiring links in reminder emails: "confirm attendance" and "cancel". A token binds
 * the appointment, the version it was issued for, the action and an expiry, signed with
 * HMAC-SHA256 under LINK_SIGNING_SECRET. Verification is pure (the clock is passed in) and
 * returns a tagged result; the page that uses a link maps it to a message. A link issued for an
 * older version (the appointment has moved or changed since) is reported as stale by
 * `checkLinkFor`, so a reminder for the old time cannot cancel the new one.
 */
export const LINK_ACTIONS = ["confirm", "cancel"] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export interface LinkClaims {
  appointmentId: string;
  version: number;
  action: LinkAction;
  /** Unix seconds. */
  expiresAt: number;
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: "malformed" }
  | { ok: false; reason: "bad_signature" }
  | { ok: false; reason: "wrong_action"; action: LinkAction }
  | { ok: false; reason: "expired"; expiresAt: number; now: number }
  | { ok: false; reason: "stale"; version: number; current: number };

const PREFIX = "l1";
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
}

export async function signLink(secret: string, claims: LinkClaims): Promise<string> {
  const payload = base64url(
    encoder.encode(JSON.stringify([claims.appointmentId, claims.version, claims.action, claims.expiresAt])),
  );
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${PREFIX}.${payload}`));
  return `${PREFIX}.${payload}.${base64url(new Uint8Array(signature))}`;
}

export async function verifyLink(
  secret: string,
  token: string,
  expected: { action: LinkAction; now: Date },
): Promise<LinkCheck> {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: "malformed" };
  const [, payload, signature] = parts as [string, string, string];
  const sig = fromBase64url(signature);
  if (!sig) return { ok: false, reason: "malformed" };
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), sig, encoder.encode(`${PREFIX}.${payload}`));
  if (!valid) return { ok: false, reason: "bad_signature" };
  const claims = decodeClaims(payload);
  if (!claims) return { ok: false, reason: "malformed" };
  if (claims.action !== expected.action) return { ok: false, reason: "wrong_action", action: claims.action };
  const now = Math.floor(expected.now.getTime() / 1000);
  if (now >= claims.expiresAt) return { ok: false, reason: "expired", expiresAt: claims.expiresAt, now };
  return { ok: true, claims };
}

/** A verified link still applies only to the version it was issued for. */
export function checkLinkFor(claims: LinkClaims, appointment: { id: string; version: number }): LinkCheck {
  if (claims.appointmentId !== appointment.id) return { ok: false, reason: "malformed" };
  if (claims.version !== appointment.version) {
    return { ok: false, reason: "stale", version: claims.version, current: appointment.version };
  }
  return { ok: true, claims };
}

function decodeClaims(payload: string): LinkClaims | null {
  const bytes = fromBase64url(payload);
  if (!bytes) return null;
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!Array.isArray(v) || v.length !== 4) return null;
    const [appointmentId, version, action, expiresAt] = v as unknown[];
    if (typeof appointmentId !== "string" || !Number.isInteger(version) || !Number.isInteger(expiresAt)) return null;
    if (!(LINK_ACTIONS as readonly unknown[]).includes(action)) return null;
    return { appointmentId, version: version as number, action: action as LinkAction, expiresAt: expiresAt as number };
  } catch {
    return null;
  }
}

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64url(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
