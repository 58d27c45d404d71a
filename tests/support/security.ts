import { expect } from "vitest";

type Response = { status: number; body: unknown; headers: Headers };

/**
 * Asserts a refusal in the one error envelope: the status, the stable code, and for 401 the
 * bearer challenge. Returns nothing useful on purpose: a refused call has no payload to use.
 */
export async function expectDenied(pending: Promise<Response>, status: 401 | 403 | 404, code: string): Promise<void> {
  const res = await pending;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect((res.body as { error?: { code?: string } }).error?.code).toBe(code);
  if (status === 401) expect(res.headers.get("WWW-Authenticate") ?? "").toMatch(/^Bearer/);
}
