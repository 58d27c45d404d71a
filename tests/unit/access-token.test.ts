import { base64url, exportJWK, importJWK, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { generateSigningKey, signingKeysSecret } from "../../scripts/auth-keys.ts";
import { type AccessClaims, signAccessToken, verifyAccessToken } from "../../worker/kernel/auth/access-token.ts";
import { type KeyRing, keyRing, type SigningKeyEntry, SigningKeys } from "../../worker/kernel/auth/signing-keys.ts";

const settings = { issuer: "https://issuer.test", audience: "api.test", ttlSeconds: 900 };
const patient: AccessClaims = { sub: "usr_patient", role: "patient", sid: "session-0001" };

function ringOf(entries: SigningKeyEntry[]): Promise<KeyRing> {
  return keyRing(SigningKeys.parse(signingKeysSecret(entries)));
}

const current = generateSigningKey("k-current");
const ring = ringOf([current]);

/** Signs arbitrary header/claims with the configured private key, as an attacker holding it could not. */
async function forge(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: SigningKeyEntry = current,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ role: "patient", sid: "session-0001", ...claims })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: key.kid, ...header } as { alg: string })
    .setSubject(String(claims.sub ?? "usr_patient"))
    .setIssuedAt(now)
    .setJti(crypto.randomUUID());
  if (!("iss" in claims)) jwt.setIssuer(settings.issuer);
  if (!("aud" in claims)) jwt.setAudience(settings.audience);
  if (!("exp" in claims)) jwt.setExpirationTime(now + 600);
  return jwt.sign(await importJWK({ ...key.privateJwk }, "ES256"));
}

const verify = async (token: string, nowMs?: number) => verifyAccessToken(await ring, token, settings, nowMs);

describe("access tokens", () => {
  it("round-trips the claims of a token it signed, with kid, typ and a lifetime of at most 15 minutes", async () => {
    const signed = await signAccessToken(await ring, { ...patient }, { ...settings, ttlSeconds: 3_600 });
    const [header, payload] = signed.token
      .split(".")
      .slice(0, 2)
      .map((p) => JSON.parse(new TextDecoder().decode(base64url.decode(p))));
    expect(header).toEqual({ alg: "ES256", typ: "at+jwt", kid: "k-current" });
    expect(payload.exp - payload.iat).toBe(900);
    expect(payload).toMatchObject({ sub: "usr_patient", role: "patient", sid: "session-0001", iss: settings.issuer });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    const result = await verify(signed.token);
    expect(result).toEqual({ ok: true, claims: patient, exp: payload.exp });
  });

  it("carries the doctor id of doctors, and refuses a doctor token without one", async () => {
    const doctor = await signAccessToken(
      await ring,
      { sub: "usr_doc", role: "doctor", sid: "session-0002", doctorId: "doc_asha-rao" },
      settings,
    );
    expect(await verify(doctor.token)).toMatchObject({ ok: true, claims: { doctorId: "doc_asha-rao" } });
    expect(await verify(await forge({}, { role: "doctor" }))).toEqual({ ok: false, reason: "claims" });
  });

  it("refuses a clinic role: clinics use API keys", async () => {
    expect(await verify(await forge({}, { role: "clinic" }))).toEqual({ ok: false, reason: "claims" });
  });

  describe("attacks", () => {
    it("refuses alg none", async () => {
      const now = Math.floor(Date.now() / 1000);
      const unsecured = new UnsecuredJWT({ role: "admin", sid: "session-0001" })
        .setSubject("usr_patient")
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .setJti("x")
        .encode();
      expect(await verify(unsecured)).toMatchObject({ ok: false });
      // Also with our kid in the header.
      const withKid = `${base64url.encode(JSON.stringify({ alg: "none", kid: "k-current", typ: "at+jwt" }))}.${unsecured.split(".")[1]}.`;
      expect(await verify(withKid)).toMatchObject({ ok: false });
    });

    it("refuses HS256 signed with the public key as the HMAC secret (key confusion)", async () => {
      const { d: _d, ...publicJwk } = current.privateJwk;
      const publicKey = await importJWK({ ...publicJwk }, "ES256");
      const secrets = [
        new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey))),
        new TextEncoder().encode(JSON.stringify(publicJwk)),
        base64url.decode(publicJwk.x),
      ];
      for (const secret of secrets) {
        const token = await new SignJWT({ role: "admin", sid: "session-0001" })
          .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: "k-current" })
          .setSubject("usr_patient")
          .setIssuer(settings.issuer)
          .setAudience(settings.audience)
          .setIssuedAt()
          .setExpirationTime("10m")
          .setJti("x")
          .sign(secret);
        expect(await verify(token)).toEqual({ ok: false, reason: "algorithm" });
      }
    });

    it("refuses another ES256 key claiming our kid", async () => {
      const impostor = generateSigningKey("k-current");
      expect(await verify(await forge({}, {}, impostor))).toEqual({ ok: false, reason: "signature" });
    });

    it("refuses a wrong issuer or audience", async () => {
      expect(await verify(await forge({}, { iss: "https://evil.test" }))).toEqual({ ok: false, reason: "claims" });
      expect(await verify(await forge({}, { aud: "another-api" }))).toEqual({ ok: false, reason: "claims" });
    });

    it("refuses an expired token and one without exp", async () => {
      const now = Math.floor(Date.now() / 1000);
      expect(await verify(await forge({}, { exp: now - 1 }))).toEqual({ ok: false, reason: "expired" });
      const noExp = await new SignJWT({ role: "patient", sid: "session-0001" })
        .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: "k-current" })
        .setSubject("usr_patient")
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setIssuedAt()
        .setJti("x")
        .sign(await importJWK({ ...current.privateJwk }, "ES256"));
      expect(await verify(noExp)).toEqual({ ok: false, reason: "claims" });
    });

    it("refuses a lifetime over 15 minutes even when correctly signed", async () => {
      const now = Math.floor(Date.now() / 1000);
      expect(await verify(await forge({}, { exp: now + 3_600 }))).toEqual({ ok: false, reason: "lifetime" });
    });

    it("refuses an unknown kid and a missing kid", async () => {
      expect(await verify(await forge({ kid: "k-unknown" }, {}))).toEqual({ ok: false, reason: "unknown_key" });
      const noKid = await new SignJWT({ role: "patient", sid: "session-0001" })
        .setProtectedHeader({ alg: "ES256", typ: "at+jwt" })
        .setSubject("usr_patient")
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setIssuedAt()
        .setExpirationTime("10m")
        .setJti("x")
        .sign(await importJWK({ ...current.privateJwk }, "ES256"));
      expect(await verify(noKid)).toEqual({ ok: false, reason: "unknown_key" });
    });

    it("refuses a tampered payload (role raised to admin) with the original signature", async () => {
      const signed = await signAccessToken(await ring, patient, settings);
      const [h, p, s] = signed.token.split(".") as [string, string, string];
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
      const tampered = `${h}.${base64url.encode(JSON.stringify({ ...claims, role: "admin" }))}.${s}`;
      expect(await verify(tampered)).toEqual({ ok: false, reason: "signature" });
    });

    it("refuses a token of another type (e.g. an ID token signed with the same key)", async () => {
      expect(await verify(await forge({ typ: "JWT" }, {}))).toEqual({ ok: false, reason: "claims" });
    });

    it("refuses garbage", async () => {
      for (const junk of ["", "a.b.c", "x".repeat(50), "eyJhbGciOiJFUzI1NiJ9..", "..."]) {
        expect((await verify(junk)).ok).toBe(false);
      }
    });
  });

  it("re-checks expiry for a token it has already verified and cached", async () => {
    const signed = await signAccessToken(await ring, patient, { ...settings, ttlSeconds: 60 });
    expect((await verify(signed.token)).ok).toBe(true);
    expect(await verify(signed.token, (signed.expiresAt + 1) * 1000)).toEqual({ ok: false, reason: "expired" });
  });
});

describe("signing key rotation", () => {
  const next = generateSigningKey("k-next");
  const inGrace = generateSigningKey("k-grace", new Date(Date.now() + 3_600_000).toISOString());
  const retired = generateSigningKey("k-retired", new Date(Date.now() - 1_000).toISOString());
  const rotated = ringOf([next, inGrace, retired]);
  const verifyRotated = async (token: string, nowMs?: number) =>
    verifyAccessToken(await rotated, token, settings, nowMs);

  it("signs with the first key", async () => {
    const signed = await signAccessToken(await rotated, patient, settings);
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(signed.token.split(".")[0] as string))).kid).toBe(
      "k-next",
    );
    expect((await verifyRotated(signed.token)).ok).toBe(true);
  });

  it("still accepts tokens of a key in its grace period, until its retireAt", async () => {
    const token = await forge({}, {}, inGrace);
    expect((await verifyRotated(token)).ok).toBe(true);
    // The same (now cached) token once the key has retired:
    expect(await verifyRotated(token, Date.now() + 3_600_000 + 1_000)).toMatchObject({ ok: false });
  });

  it("refuses tokens of a retired key", async () => {
    expect(await verifyRotated(await forge({}, {}, retired))).toEqual({ ok: false, reason: "unknown_key" });
  });

  it("publishes only the public halves of keys still accepted", async () => {
    const jwks = (await rotated).jwks(Date.now());
    expect(jwks.keys.map((k) => k.kid)).toEqual(["k-next", "k-grace"]);
    for (const k of jwks.keys) {
      expect(k).not.toHaveProperty("d");
      expect(k).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    }
  });
});

describe("AUTH_SIGNING_KEYS parsing", () => {
  const issuesOf = (text: string) => {
    const r = SigningKeys.safeParse(text);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it("accepts the generated format", () => {
    expect(issuesOf(signingKeysSecret([current, generateSigningKey("b", new Date().toISOString())]))).toEqual([]);
  });

  it("refuses bad JSON, an empty list, duplicate kids, a public-only key, and a retiring first key", () => {
    expect(issuesOf("{not json")).toEqual(["must be valid JSON"]);
    expect(issuesOf("[]")).toEqual(["must list at least one key"]);
    expect(issuesOf(signingKeysSecret([current, current]))).toContain("kids must be unique");
    const { d: _d, ...publicOnly } = current.privateJwk;
    expect(issuesOf(JSON.stringify([{ kid: "a", privateJwk: publicOnly }])).length).toBeGreaterThan(0);
    expect(issuesOf(signingKeysSecret([generateSigningKey("a", new Date().toISOString())]))).toContain(
      "the first key signs and cannot have retireAt",
    );
    expect(
      issuesOf(JSON.stringify([{ kid: "a", privateJwk: { ...current.privateJwk, kty: "oct", k: "c2VjcmV0" } }])).length,
    ).toBeGreaterThan(0);
  });

  it("never echoes the secret in its messages", () => {
    const text = signingKeysSecret([current, current]);
    const r = SigningKeys.safeParse(text);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).not.toContain(current.privateJwk.d);
  });
});
