import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningKey, signingKeysSecret } from "../../scripts/auth-keys.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { signAccessToken } from "../../worker/kernel/auth/access-token.ts";
import { keyRing, type SigningKeyEntry, SigningKeys } from "../../worker/kernel/auth/signing-keys.ts";
import { login, registerPatient } from "../support/accounts.ts";
import { api, forgedToken } from "../support/api.ts";
import { TEST_AUDIENCE, TEST_ISSUER } from "../support/test-keys.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";

/**
 * A worker in the middle of a key rotation: a new key signs, the previous one is in its grace
 * period, an older one has retired.
 */
const next = generateSigningKey("k-2");
const grace = generateSigningKey("k-1", new Date(Date.now() + 3_600_000).toISOString());
const retired = generateSigningKey("k-0", new Date(Date.now() - 60_000).toISOString());

let worker: WorkerProcess;
let call: ReturnType<typeof api>;
beforeAll(async () => {
  worker = await startTestWorker(
    "key-rotation",
    workerVars("prescripto_test_rotation", { AUTH_SIGNING_KEYS: signingKeysSecret([next, grace, retired]) }),
  );
  call = api(worker.url);
});
afterAll(async () => {
  await worker?.stop();
});

/**
 * A token of a real session (a patient who signed in just now) signed with exactly this key, as
 * tokens issued before the rotation are.
 */
async function signedWith(key: SigningKeyEntry): Promise<string> {
  const { sub, sid } = decodeJwt<{ sid: string }>((await registerPatient(call)).accessToken);
  const ring = await keyRing(SigningKeys.parse(signingKeysSecret([{ kid: key.kid, privateJwk: key.privateJwk }])));
  const signed = await signAccessToken(
    ring,
    { sub: sub as string, role: "patient", sid },
    { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: 600 },
  );
  return signed.token;
}

const status = async (bearer: string) => (await call("GET", "/api/v1/me/appointments", { token: bearer })).status;

describe("signing key rotation", () => {
  it("signs new tokens with the first key", async () => {
    const p = await registerPatient(call);
    expect(decodeProtectedHeader(p.accessToken).kid).toBe("k-2");
    const again = await login(call, p.email, p.password);
    expect(decodeProtectedHeader(again.body.accessToken).kid).toBe("k-2");
    expect(await status(again.body.accessToken)).toBe(200);
  });

  it("accepts tokens of the previous key during its grace period", async () => {
    expect(await status(await signedWith(grace))).toBe(200);
  });

  it("refuses tokens of a retired key, and of a key it does not list", async () => {
    expect(await status(await signedWith(retired))).toBe(401);
    expect(await status(await forgedToken("usr_other-deployment"))).toBe(401);
  });

  it("publishes the keys it still accepts", async () => {
    const jwks = await call<{ keys: { kid: string; d?: string }[] }>("GET", "/.well-known/jwks.json");
    expect(jwks.body.keys.map((k) => k.kid)).toEqual(["k-2", "k-1"]);
    expect(jwks.body.keys.every((k) => k.d === undefined)).toBe(true);
  });
});
