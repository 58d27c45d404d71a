/**
 * Password hashing: PBKDF2-HMAC-SHA256 through WebCrypto, which is the slow KDF the Workers runtime
 * provides natively. Cloudflare's runtime refuses PBKDF2 above 100,000 iterations (workerd's
 * DEFAULT_MAX_PBKDF2_ITERATIONS, applied by the production isolate limit enforcer: the derivation
 * runs inside the isolate lock and cannot be interrupted), so that is both our default and our cap.
 * Local workerd (wrangler dev, Miniflare) enforces no such limit, so the cap is checked here, in
 * code, rather than discovered in production.
 *
 * Stored format, versioned so the cost or the algorithm can change later without a migration:
 *   $pbkdf2-sha256$v=1$i=<iterations>$<salt, base64url>$<hash, base64url>
 * A hash made at a lower cost than the configured one verifies and reports `needsRehash`, so the
 * caller can upgrade it on the next successful login.
 *
 * Pure module (WebCrypto only): runs the same in workerd, in Node and in the scripts.
 */

/** The highest iteration count workerd accepts for PBKDF2 (and therefore ours). */
export const PBKDF2_MAX_ITERATIONS = 100_000;
/** Below this a configured or stored cost is refused outright: it would not be a slow KDF. */
export const PBKDF2_MIN_ITERATIONS = 10_000;
export const DEFAULT_PASSWORD_ITERATIONS = PBKDF2_MAX_ITERATIONS;

const SCHEME = "pbkdf2-sha256";
const VERSION = 1;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const FORMAT = /^\$pbkdf2-sha256\$v=(\d+)\$i=(\d+)\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

const encoder = new TextEncoder();

interface PasswordCheck {
  ok: boolean;
  /** True when the password matched but the stored hash is older or cheaper than the current settings. */
  needsRehash: boolean;
}

export async function hashPassword(
  password: string,
  iterations: number = DEFAULT_PASSWORD_ITERATIONS,
): Promise<string> {
  assertIterations(iterations);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `$${SCHEME}$v=${VERSION}$i=${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/**
 * Checks a password against a stored hash in constant time. `iterations` is the currently
 * configured cost, used only to decide `needsRehash`. A stored value that is not in our format
 * (or asks for a cost outside the allowed range) throws: that is corrupt data or configuration,
 * never something a caller controls, and it must not be mistaken for a wrong password.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  iterations: number = DEFAULT_PASSWORD_ITERATIONS,
): Promise<PasswordCheck> {
  const parsed = parseStoredHash(stored);
  if (!parsed) throw new Error("Stored password hash is not in a supported format");
  const actual = await derive(password, parsed.salt, parsed.iterations);
  const ok = timingSafeEqual(actual, parsed.hash);
  return { ok, needsRehash: ok && (parsed.version < VERSION || parsed.iterations < iterations) };
}

/**
 * Spends the same work as a real verification, for logins with an unknown email, so the response
 * time does not reveal whether an account exists. Always resolves; the result is discarded.
 */
export async function dummyVerify(password: string, iterations: number = DEFAULT_PASSWORD_ITERATIONS): Promise<void> {
  const actual = await derive(password, DUMMY_SALT, iterations);
  timingSafeEqual(actual, DUMMY_HASH);
}

/** True when `value` parses as a hash this module can verify (e.g. for checking configured admin hashes). */
export function isPasswordHash(value: string): boolean {
  return parseStoredHash(value) !== null;
}

const DUMMY_SALT = new Uint8Array(SALT_BYTES);
const DUMMY_HASH = new Uint8Array(HASH_BYTES);

interface ParsedHash {
  version: number;
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

function parseStoredHash(stored: string): ParsedHash | null {
  const m = FORMAT.exec(stored);
  if (!m) return null;
  const version = Number(m[1]);
  const iterations = Number(m[2]);
  if (version !== VERSION) return null;
  if (!Number.isSafeInteger(iterations) || iterations < PBKDF2_MIN_ITERATIONS || iterations > PBKDF2_MAX_ITERATIONS)
    return null;
  const salt = fromBase64Url(m[3] ?? "");
  const hash = fromBase64Url(m[4] ?? "");
  if (salt?.length !== SALT_BYTES || hash?.length !== HASH_BYTES) return null;
  return { version, iterations, salt, hash };
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password.normalize("NFC")), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** Compares every byte whatever the first difference, so timing says nothing about the hash. */
function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function assertIterations(iterations: number): void {
  if (!Number.isSafeInteger(iterations) || iterations < PBKDF2_MIN_ITERATIONS || iterations > PBKDF2_MAX_ITERATIONS) {
    throw new RangeError(
      `PBKDF2 iterations must be an integer from ${PBKDF2_MIN_ITERATIONS} to ${PBKDF2_MAX_ITERATIONS} (workerd's limit)`,
    );
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}
