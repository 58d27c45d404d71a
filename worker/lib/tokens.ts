import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";

/**
 * Caller tokens until the accounts issue lands: HS256 JWTs with a pinned algorithm, issuer and
 * audience. Only this file and middleware/auth.ts know how a caller is identified.
 */
export const TOKEN_ISSUER = "prescripto-edge";
export const TOKEN_AUDIENCE = "prescripto-api";

export const Caller = z.object({
  sub: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/),
  role: z.enum(["patient", "doctor", "admin", "clinic"]),
  doctorId: z.string().optional(),
});
export type CallerClaims = z.infer<typeof Caller>;

/**
 * One imported HMAC key per secret, for the isolate's lifetime. Given raw bytes, jose imports a
 * CryptoKey on every sign and verify; importing once takes that off every authenticated request.
 */
const keys = new Map<string, Promise<CryptoKey>>();
function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    // A failed import is not remembered: the next call tries again (and fails the same way).
    key.catch(() => keys.delete(secret));
    keys.set(secret, key);
  }
  return key;
}

export async function signCallerToken(secret: string, claims: CallerClaims, ttlSeconds = 900): Promise<string> {
  return new SignJWT({ role: claims.role, ...(claims.doctorId ? { doctorId: claims.doctorId } : {}) })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(crypto.randomUUID())
    .sign(await keyOf(secret));
}

/**
 * Tokens this isolate has verified, by their exact text (signature included) and secret, so a
 * caller's next requests skip the HMAC and claim checks. Only the time-dependent claims can
 * change the outcome for the same text, and they are checked again on every use. Bounded; the
 * oldest entries go first.
 */
interface Verified {
  claims: CallerClaims;
  exp: number;
  nbf: number | undefined;
}
const verified = new Map<string, Verified>();
const VERIFIED_MAX = 1_000;

export async function verifyCallerToken(secret: string, token: string): Promise<CallerClaims | null> {
  const cacheKey = `${secret}\n${token}`;
  const known = verified.get(cacheKey);
  if (known) {
    const now = Math.floor(Date.now() / 1000);
    // The same tests jose applies (no clock tolerance): expired at exp, valid from nbf.
    if (known.exp > now && (known.nbf === undefined || known.nbf <= now)) return known.claims;
    verified.delete(cacheKey);
    return null;
  }
  try {
    const { payload } = await jwtVerify(token, await keyOf(secret), {
      algorithms: ["HS256"],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ["exp", "sub"],
    });
    const parsed = Caller.safeParse(payload);
    if (!parsed.success) return null;
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
    // requiredClaims made jose check that exp is present and a number.
    verified.set(cacheKey, { claims: parsed.data, exp: payload.exp as number, nbf: payload.nbf });
    return parsed.data;
  } catch {
    return null;
  }
}
