import { describe, expect, inject, it } from "vitest";
import { registerPatient } from "../support/accounts.ts";
import { api } from "../support/api.ts";

const url = inject("workerUrl");
const json = { "Content-Type": "application/json" };

function cookieOf(res: Response): { value: string; attributes: string } | null {
  const line = res.headers.getSetCookie().find((c) => c.startsWith("pe_rt="));
  if (!line) return null;
  const [pair = "", ...rest] = line.split(";");
  return { value: pair.slice("pe_rt=".length), attributes: rest.map((a) => a.trim()).join("; ") };
}

async function loginRaw(email: string, password: string) {
  return fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password }),
  });
}

const refreshByCookie = (cookie: string, headers: Record<string, string> = { "X-Requested-With": "fetch" }) =>
  fetch(`${url}/api/v1/auth/refresh`, { method: "POST", headers: { Cookie: `pe_rt=${cookie}`, ...headers } });

describe("the refresh token as a cookie (for the web app)", () => {
  it("login sets it HttpOnly, SameSite=Strict, only for the auth routes, alongside the JSON field", async () => {
    const p = await registerPatient(api(url));
    const res = await loginRaw(p.email, p.password);
    const body = (await res.json()) as { refreshToken: string };
    const cookie = cookieOf(res);
    expect(cookie?.value).toBe(body.refreshToken);
    expect(cookie?.attributes).toContain("HttpOnly");
    expect(cookie?.attributes).toContain("SameSite=Strict");
    expect(cookie?.attributes).toContain("Path=/api/v1/auth");
    expect(cookie?.attributes).toMatch(/Max-Age=\d+/);
    // APP_ENV=test over http: the one case where Secure may be left off.
    expect(cookie?.attributes).not.toContain("Secure");
  });

  it("registration sets it too", async () => {
    const res = await fetch(`${url}/api/v1/auth/register`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({
        name: "Cookie Patient",
        email: `c.${crypto.randomUUID().slice(0, 8)}@tests.prescripto.test`,
        password: `Correct-Horse-${crypto.randomUUID().slice(0, 8)}`,
      }),
    });
    expect(res.status).toBe(201);
    expect(cookieOf(res)?.value).toBe(((await res.json()) as { refreshToken: string }).refreshToken);
  });

  it("refresh accepts the cookie when the body has no token, rotates it and sets the new one", async () => {
    const p = await registerPatient(api(url));
    const first = await refreshByCookie(p.refreshToken);
    expect(first.status).toBe(200);
    const pair = (await first.json()) as { refreshToken: string; accessToken: string };
    expect(cookieOf(first)?.value).toBe(pair.refreshToken);
    expect(pair.refreshToken).not.toBe(p.refreshToken);
    // Rotation: the old one is spent (and its reuse ends the session).
    expect((await refreshByCookie(p.refreshToken)).status).toBe(401);
  });

  it("refuses a cookie refresh without X-Requested-With (CSRF), leaving the token unspent", async () => {
    const p = await registerPatient(api(url));
    const forged = await refreshByCookie(p.refreshToken, {});
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    expect((await refreshByCookie(p.refreshToken)).status).toBe(200);
  });

  it("without a body token or a cookie, refresh is 400 naming refreshToken", async () => {
    const res = await fetch(`${url}/api/v1/auth/refresh`, { method: "POST", headers: json, body: "{}" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: { path: string }[] } };
    expect(body.error.fields.map((f) => f.path)).toContain("refreshToken");
  });

  it("logout clears it", async () => {
    const p = await registerPatient(api(url));
    const res = await fetch(`${url}/api/v1/auth/logout`, {
      method: "POST",
      headers: { Authorization: `Bearer ${p.accessToken}` },
    });
    expect(res.status).toBe(204);
    const cleared = cookieOf(res);
    expect(cleared?.value).toBe("");
    expect(cleared?.attributes).toContain("Max-Age=0");
    expect(cleared?.attributes).toContain("Path=/api/v1/auth");
  });
});
