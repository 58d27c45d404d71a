/**
 * Refresh tokens: `rt1.<account id>.<secret>`, the secret 32 random bytes in base64url. The account
 * id routes the token to the account's AccountSessions object; only the SHA-256 of the whole token
 * is stored there. Pure (WebCrypto only).
 */
const FORMAT = /^rt1\.((?:usr|adm)_[A-Za-z0-9-]{1,64})\.([A-Za-z0-9_-]{43})$/;
const SECRET_BYTES = 32;

export function mintRefreshToken(accountId: string): string {
  return `rt1.${accountId}.${base64url(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;
}

/** The account a refresh token claims to belong to, or null when it is not one of ours at all. */
export function accountOfRefreshToken(token: string): string | null {
  return FORMAT.exec(token)?.[1] ?? null;
}

export async function hashRefreshToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A random identifier (sessions, families) in base64url. */
export function randomId(bytes = 16): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
