import { base36 } from "../domain/clinic.ts";

/**
 * Clinic API keys: `pe_<prefix>_<secret>`. The prefix (8 base-36 characters) is stored and shown
 * so people can tell keys apart; the secret is 32 random bytes (256 bits) in base64url. Only the
 * SHA-256 of the whole key is stored: a key this random needs no slow KDF, and a plain hash lets
 * the key be looked up by an index on every request.
 *
 * Pure (WebCrypto only).
 */
const API_KEY_MARKER = "pe_";
const FORMAT = /^pe_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

interface NewApiKey {
  /** The whole key: shown to the admin once, never stored. */
  key: string;
  prefix: string;
  hash: string;
}

export async function generateApiKey(): Promise<NewApiKey> {
  const prefix = base36(crypto.getRandomValues(new Uint8Array(8)));
  const secret = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const key = `${API_KEY_MARKER}${prefix}_${secret}`;
  return { key, prefix, hash: await hashApiKey(key) };
}

/** The key's prefix when it is well formed; null for anything else (no lookup is made then). */
export function parseApiKey(raw: string): { prefix: string } | null {
  const m = FORMAT.exec(raw);
  return m ? { prefix: m[1] as string } : null;
}

export function looksLikeApiKey(raw: string): boolean {
  return raw.startsWith(API_KEY_MARKER);
}

export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
