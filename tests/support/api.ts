import { signAccessToken } from "../../worker/kernel/auth/access-token.ts";
import { randomId } from "../../worker/kernel/auth/refresh-token.ts";
import { assertMatchesContract } from "./openapi-check.ts";
import { TEST_AUDIENCE, TEST_ISSUER, testAdminId, testKeyRing } from "./test-keys.ts";

/**
 * An access token for a made-up caller, signed with the run's test key (each with its own session
 * id, which the Worker has never revoked). Admin tokens are always the configured test admin's:
 * the Worker refuses admins that are not in its configuration, so `sub` is ignored for them.
 */
export const token = async (sub: string, role: "patient" | "doctor" | "admin" = "patient", doctorId?: string) => {
  const id = role === "admin" ? await testAdminId() : sub;
  const signed = await signAccessToken(
    await testKeyRing(),
    { sub: id, role, sid: randomId(), ...(doctorId ? { doctorId } : {}) },
    { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: 900 },
  );
  return signed.token;
};

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
