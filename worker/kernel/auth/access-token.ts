import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { BoundedMap } from "../lib/bounded-map.ts";
import { type KeyRing, SIGNING_ALG } from "./signing-keys.ts";

/**
 * Short-lived access JWTs (RFC 9068 `at+jwt`): ES256 with a `kid` from the key ring; claims `sub`,
 * `role`, `sid` (the session they belong to), `doctorId` for doctors, plus `iss`, `aud`, `iat`,
 * `exp`, `jti`. Verification pins the algorithm, type, issuer and audience, requires every
 * registered claim, and refuses a lifetime over MAX_ACCESS_TOKEN_TTL_SECONDS whatever `exp` says.
 * Results are tagged, not thrown; the middleware maps every failure to one 401.
 */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 900;
const TOKEN_TYPE = "at+jwt";
/** Allowed clock difference for `iat` in the future (between isolates/machines), in seconds. */
const IAT_SKEW_SECONDS = 60;

const Id = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);

export const AccessClaims = z
  .object({
    sub: Id,
    // Clinics authenticate with API keys, never with access tokens.
    role: z.enum(["patient", "doctor", "admin"]),
    sid: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    doctorId: z
      .string()
      .regex(/^doc_[a-z0-9-]{1,64}$/)
      .optional(),
  })
  .refine((c) => (c.role === "doctor") === (c.doctorId !== undefined), "doctorId is required for doctors only");
export type AccessClaims = z.output<typeof AccessClaims>;

interface TokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

interface SignedAccessToken {
  token: string;
  jti: string;
  expiresAt: number; // epoch seconds
}

export async function signAccessToken(
  ring: KeyRing,
  claims: AccessClaims,
  settings: TokenSettings,
  nowMs = Date.now(),
): Promise<SignedAccessToken> {
  const ttl = Math.min(settings.ttlSeconds, MAX_ACCESS_TOKEN_TTL_SECONDS);
  const iat = Math.floor(nowMs / 1000);
  const jti = crypto.randomUUID();
  const token = await new SignJWT({
    role: claims.role,
    sid: claims.sid,
    ...(claims.doctorId ? { doctorId: claims.doctorId } : {}),
  })
    .setProtectedHeader({ alg: SIGNING_ALG, typ: TOKEN_TYPE, kid: ring.signer.kid })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(jti)
    .sign(ring.signer.key);
  return { token, jti, expiresAt: iat + ttl };
}

type VerifyFailure = "malformed" | "unknown_key" | "algorithm" | "signature" | "expired" | "claims" | "lifetime";

type VerifyResult = { ok: true; claims: AccessClaims; exp: number } | { ok: false; reason: VerifyFailure };

interface Verified {
  claims: AccessClaims;
  exp: number;
  kid: string;
}

/**
 * Tokens this isolate has verified, by exact text (signature included), per key ring: a caller's
 * next requests skip the signature and claim checks. Only time can change the outcome for the same
 * text (expiry, or the key retiring), and both are checked again on every use. Bounded; oldest first.
 */
const verifiedByRing = new WeakMap<KeyRing, BoundedMap<string, Verified>>();
const VERIFIED_MAX = 5_000;

export async function verifyAccessToken(
  ring: KeyRing,
  token: string,
  settings: Pick<TokenSettings, "issuer" | "audience">,
  nowMs = Date.now(),
): Promise<VerifyResult> {
  let verified = verifiedByRing.get(ring);
  if (!verified) {
    verified = new BoundedMap(VERIFIED_MAX);
    verifiedByRing.set(ring, verified);
  }
  const now = Math.floor(nowMs / 1000);
  const known = verified.get(token);
  if (known) {
    if (known.exp > now && ring.verifier(known.kid, nowMs)) return { ok: true, claims: known.claims, exp: known.exp };
    verified.delete(token);
    return { ok: false, reason: known.exp > now ? "unknown_key" : "expired" };
  }

  let kid = "";
  let payload: Record<string, unknown>;
  try {
    const result = await jwtVerify(
      token,
      (header) => {
        const key = ring.verifier(header.kid, nowMs);
        if (!key) throw new UnknownKey();
        kid = header.kid as string;
        return key;
      },
      {
        algorithms: [SIGNING_ALG],
        typ: TOKEN_TYPE,
        issuer: settings.issuer,
        audience: settings.audience,
        requiredClaims: ["sub", "iat", "exp", "jti"],
        currentDate: new Date(nowMs),
      },
    );
    payload = result.payload as Record<string, unknown>;
  } catch (error) {
    return { ok: false, reason: failureOf(error) };
  }
  const iat = payload.iat as number;
  const exp = payload.exp as number;
  if (exp - iat > MAX_ACCESS_TOKEN_TTL_SECONDS || iat > now + IAT_SKEW_SECONDS)
    return { ok: false, reason: "lifetime" };
  if (typeof payload.jti !== "string" || payload.jti.length === 0) return { ok: false, reason: "claims" };
  const parsed = AccessClaims.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: "claims" };

  verified.set(token, { claims: parsed.data, exp, kid });
  return { ok: true, claims: parsed.data, exp };
}

class UnknownKey extends Error {}

function failureOf(error: unknown): VerifyFailure {
  if (error instanceof UnknownKey) return "unknown_key";
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "signature";
  if (error instanceof errors.JWTClaimValidationFailed) return "claims";
  return "malformed";
}
