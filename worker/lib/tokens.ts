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

const keys = new Map<string, Uint8Array>();
function keyOf(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new TextEncoder().encode(secret);
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
    .sign(keyOf(secret));
}

export async function verifyCallerToken(secret: string, token: string): Promise<CallerClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ["exp", "sub"],
    });
    const parsed = Caller.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
