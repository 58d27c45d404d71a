import { importJWK, type JWK } from "jose";
import { z } from "zod";

/**
 * The keys access tokens are signed with, from the `AUTH_SIGNING_KEYS` secret: a JSON array of
 * `{ kid, privateJwk, retireAt? }` with EC P-256 private JWKs. The first entry signs. The others
 * only verify, each until its `retireAt` (the grace period of a rotation: put the new key first,
 * give the old one a `retireAt` at least one access-token lifetime away). A token whose `kid` is not
 * listed, or whose key is past `retireAt`, is refused. The algorithm is pinned to ES256.
 */
export const SIGNING_ALG = "ES256";

const B64URL = /^[A-Za-z0-9_-]+$/;

const EcPrivateJwk = z.object({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  x: z.string().regex(B64URL),
  y: z.string().regex(B64URL),
  d: z.string().regex(B64URL, "must be a private key (with d)"),
});

const SigningKeyEntry = z.object({
  kid: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "kid must be 1-64 characters of A-Z a-z 0-9 _ . -"),
  privateJwk: EcPrivateJwk,
  retireAt: z.iso.datetime({ offset: true, error: "retireAt must be an ISO date-time" }).optional(),
});
export type SigningKeyEntry = z.output<typeof SigningKeyEntry>;

/** A JSON-valued setting: parsed, then checked by `schema`; the secret's text never reaches a message. */
export function jsonSetting<T extends z.ZodType>(schema: T) {
  return z
    .string({ error: "is required" })
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

export const SigningKeys = jsonSetting(
  z
    .array(SigningKeyEntry)
    .min(1, "must list at least one key")
    .max(10, "must list at most 10 keys")
    .refine((keys) => new Set(keys.map((k) => k.kid)).size === keys.length, "kids must be unique")
    .refine((keys) => keys[0]?.retireAt === undefined, "the first key signs and cannot have retireAt"),
);
type SigningKeysConfig = z.output<typeof SigningKeys>;

interface VerificationKey {
  kid: string;
  key: CryptoKey;
  publicJwk: JWK;
  retireAtMs: number | null;
}

export interface KeyRing {
  signer: { kid: string; key: CryptoKey };
  /** The public key for `kid` if tokens signed with it are still accepted at `nowMs`, else null. */
  verifier(kid: unknown, nowMs: number): CryptoKey | null;
  /** Public keys still accepted at `nowMs`, as a JWK Set (for `/.well-known/jwks.json`). */
  jwks(nowMs: number): { keys: JWK[] };
}

// Keys are imported once per configuration object (itself parsed once per env): importing a JWK
// on every request would cost more than verifying the signature.
const rings = new WeakMap<SigningKeysConfig, Promise<KeyRing>>();

export function keyRing(config: SigningKeysConfig): Promise<KeyRing> {
  let ring = rings.get(config);
  if (!ring) {
    ring = buildRing(config);
    ring.catch(() => rings.delete(config));
    rings.set(config, ring);
  }
  return ring;
}

async function buildRing(config: SigningKeysConfig): Promise<KeyRing> {
  const [first] = config;
  if (!first) throw new Error("AUTH_SIGNING_KEYS lists no key");
  const signer = {
    kid: first.kid,
    key: (await importJWK({ ...first.privateJwk, alg: SIGNING_ALG }, SIGNING_ALG)) as CryptoKey,
  };
  const verifiers = new Map<string, VerificationKey>();
  for (const entry of config) {
    const { d: _private, ...publicPart } = entry.privateJwk;
    const publicJwk: JWK = { ...publicPart, kid: entry.kid, alg: SIGNING_ALG, use: "sig" };
    verifiers.set(entry.kid, {
      kid: entry.kid,
      key: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
      publicJwk,
      retireAtMs: entry.retireAt ? Date.parse(entry.retireAt) : null,
    });
  }
  const accepted = (v: VerificationKey, nowMs: number) => v.retireAtMs === null || nowMs < v.retireAtMs;
  return {
    signer,
    verifier(kid, nowMs) {
      if (typeof kid !== "string") return null;
      const v = verifiers.get(kid);
      return v && accepted(v, nowMs) ? v.key : null;
    },
    jwks(nowMs) {
      return { keys: [...verifiers.values()].filter((v) => accepted(v, nowMs)).map((v) => v.publicJwk) };
    },
  };
}
