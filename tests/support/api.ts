import { inject } from "vitest";
import { signInAs } from "../../scripts/sign-in.ts";
import { signAccessToken } from "../../worker/kernel/auth/access-token.ts";
import { randomId } from "../../worker/kernel/auth/refresh-token.ts";
import { assertMatchesContract } from "./openapi-check.ts";
import { TEST_AUDIENCE, TEST_ISSUER, testAdmin, testAdminId, testKeyRing } from "./test-keys.ts";

type Role = "patient" | "doctor" | "admin";

/**
 * A small client for the API under test: JSON in, status + JSON out. Every answer is checked
 * against the OpenAPI document (declared status, body matching its schema); `unchecked: true`
 * is for tests that send what the contract does not describe on purpose.
 */
export function api(baseUrl: string) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; unchecked?: boolean } = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined
        ? { body: typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body) }
        : {}),
    });
    const text = await res.text();
    const body = (text ? JSON.parse(text) : {}) as T;
    if (!opts.unchecked) {
      assertMatchesContract(method, `${baseUrl}${path}`, res.status, res.headers.get("content-type"), body);
    }
    return { status: res.status, body, headers: res.headers };
  };
}

/**
 * A correctly signed access token whose session no sign-in ever opened: the Worker must refuse it.
 * Only for tests of that refusal; everything else signs in (see `token`).
 */
export const forgedToken = async (sub: string, role: Role = "patient", doctorId?: string) => {
  const id = role === "admin" ? await testAdminId() : sub;
  const signed = await signAccessToken(
    await testKeyRing(),
    { sub: id, role, sid: randomId(), ...(doctorId ? { doctorId } : {}) },
    { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: 900 },
  );
  return signed.token;
};

/** Where a test signs in: the Worker's URL and the database it keeps accounts in. */
export interface SignInTarget {
  url: () => string;
  db: () => string;
  /** The MongoDB that worker uses, when it is not the run's shared one. */
  mongoUri?: () => string;
}

/** Tokens of real sessions on one worker: signs in as `scripts/sign-in.ts` describes. */
export function signer(target: SignInTarget) {
  return (sub: string, role: Role = "patient", doctorId?: string): Promise<string> =>
    signInAs(
      { url: target.url(), db: target.db(), mongoUri: target.mongoUri?.() ?? inject("mongoUri"), admin: testAdmin() },
      sub,
      role,
      doctorId,
    );
}

/** An access token of a real session on the layer's shared Worker (see `signer`). */
export const token = signer({ url: () => inject("workerUrl"), db: () => inject("mongoDb") });

/**
 * Signs in `n` callers a few at a time: hundreds of password checks (and MongoDB connections) at
 * once only measure the KDF and the machine, and slow every other test file sharing the worker.
 */
export async function signInMany(n: number, signIn: (i: number) => Promise<string>): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 10) {
    tokens.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, j) => signIn(i + j)))));
  }
  return tokens;
}
