import { signCallerToken } from "../../worker/lib/tokens.ts";
import { TEST_AUTH_SECRET } from "./worker-setup.ts";

export const token = (sub: string, role: "patient" | "doctor" | "admin" | "clinic" = "patient", doctorId?: string) =>
  signCallerToken(TEST_AUTH_SECRET, { sub, role, ...(doctorId ? { doctorId } : {}) });

/** A small client for the API under test: JSON in, status + JSON out. */
export function api(baseUrl: string) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
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
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
  };
}
