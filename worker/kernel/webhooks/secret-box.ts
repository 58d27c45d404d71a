/**
 * Webhook signing secrets at rest: AES-256-GCM (WebCrypto) under WEBHOOK_SECRETS_KEY. The stored
 * form is `v1.<key id>.<iv>.<ciphertext+tag>` (base64url parts); the key id is the first 8 hex
 * digits of the key's SHA-256, so a key ring of several keys (the first seals, all open) lets the
 * key be rotated without re-encrypting at once. The endpoint id is the additional data: a sealed
 * secret copied onto another endpoint does not open. Rows written before encryption hold the
 * secret in clear (`whsec_…`) and still open as they are.
 */
const VERSION = "v1";
const CLEAR_PREFIX = "whsec_";
const IV_BYTES = 12;
export const SECRETS_KEY_BYTES = 32;

export interface SecretKeyRing {
  sealWith: { id: string; key: CryptoKey };
  byId: Map<string, CryptoKey>;
}

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The raw bytes of one configured key (standard or url-safe base64 of 32 bytes), or null. */
export function decodeSecretsKey(text: string): Uint8Array<ArrayBuffer> | null {
  const bytes = fromBase64(text.trim());
  return bytes && bytes.length === SECRETS_KEY_BYTES ? bytes : null;
}

/** The keys of a setting `key[,older key…]`: the first seals, every one opens. */
export async function keyRing(setting: string): Promise<SecretKeyRing> {
  const parts = setting.split(",").filter((p) => p.trim().length > 0);
  const keys = await Promise.all(
    parts.map(async (part) => {
      const raw = decodeSecretsKey(part);
      if (!raw) throw new SecretBoxError(`a webhook secrets key is not base64 of ${SECRETS_KEY_BYTES} bytes`);
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
      const id = [...digest.slice(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join("");
      const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
      return { id, key };
    }),
  );
  const first = keys[0];
  if (!first) throw new SecretBoxError("no webhook secrets key");
  return { sealWith: first, byId: new Map(keys.map((k) => [k.id, k.key])) };
}

export const isSealed = (stored: string) => stored.startsWith(`${VERSION}.`);

export async function sealSecret(ring: SecretKeyRing, clear: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    ring.sealWith.key,
    new TextEncoder().encode(clear),
  );
  return [VERSION, ring.sealWith.id, toBase64Url(iv), toBase64Url(new Uint8Array(sealed))].join(".");
}

/** The secret in clear: a sealed one decrypted (throws if it does not authenticate), a clear one as is. */
export async function openSecret(ring: SecretKeyRing | null, stored: string, context: string): Promise<string> {
  if (stored.startsWith(CLEAR_PREFIX)) return stored;
  const [version, id, ivText, sealedText, ...rest] = stored.split(".");
  const iv = ivText ? fromBase64(ivText) : null;
  const sealed = sealedText ? fromBase64(sealedText) : null;
  if (version !== VERSION || !id || !iv || iv.length !== IV_BYTES || !sealed || rest.length > 0) {
    throw new SecretBoxError("not a sealed webhook secret");
  }
  const key = ring?.byId.get(id);
  if (!key) throw new SecretBoxError(`sealed under key ${id}, which is not configured`);
  try {
    const clear = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
      key,
      sealed,
    );
    return new TextDecoder().decode(clear);
  } catch {
    throw new SecretBoxError("a sealed webhook secret did not authenticate (wrong key, endpoint or tampered)");
  }
}
