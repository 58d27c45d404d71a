import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clearRefreshCookie, setRefreshCookie } from "../../worker/http/middleware/refresh-cookie.ts";
import type { AppEnv } from "../../worker/http/types.ts";
import type { AppConfig } from "../../worker/kernel/config.ts";

async function cookieFrom(appEnv: string, url: string, clear = false): Promise<string> {
  const app = new Hono<AppEnv>();
  app.get("/*", (c) => {
    c.set("config", { APP_ENV: appEnv } as AppConfig);
    if (clear) clearRefreshCookie(c);
    else setRefreshCookie(c, { refreshToken: "rt1.usr_1.secret", refreshExpiresIn: 600 });
    return c.body(null, 204);
  });
  const res = await app.request(url);
  return res.headers.get("set-cookie") ?? "";
}

describe("the refresh-token cookie", () => {
  it("is Secure, HttpOnly, SameSite=Strict and scoped to the auth routes in production, even over http", async () => {
    const cookie = await cookieFrom("production", "http://api.example/x");
    expect(cookie).toMatch(/^pe_rt=rt1\.usr_1\.secret;/);
    for (const part of ["Max-Age=600", "Path=/api/v1/auth", "HttpOnly", "Secure", "SameSite=Strict"]) {
      expect(cookie).toContain(part);
    }
  });

  it("drops Secure only for development or test over plain http", async () => {
    expect(await cookieFrom("test", "http://127.0.0.1/x")).not.toContain("Secure");
    expect(await cookieFrom("development", "https://localhost/x")).toContain("Secure");
    expect(await cookieFrom("staging", "http://127.0.0.1/x")).toContain("Secure");
  });

  it("is cleared with the same path, so the browser drops the one it holds", async () => {
    const cookie = await cookieFrom("production", "https://api.example/x", true);
    expect(cookie).toMatch(/^pe_rt=;/);
    expect(cookie).toContain("Max-Age=0");
    expect(cookie).toContain("Path=/api/v1/auth");
  });
});
