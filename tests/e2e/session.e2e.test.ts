import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { launch, newContext, newPatient, signUpInline } from "./browser.ts";

const url = inject("workerUrl");

/**
 * The session survives a reload only through the HttpOnly `pe_rt` refresh cookie that the auth
 * routes set. Until those routes set it, this test waits (skipped, named so): it is not faked.
 */
const probe = await fetch(`${url}/api/v1/auth/register`, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ ...newPatient(), name: "Cookie Probe" }),
}).catch(() => null);
const cookieLanded = Boolean(probe?.headers.get("set-cookie")?.includes("pe_rt="));

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("session in the browser", () => {
  it.skipIf(!cookieLanded)(
    "survives a reload (silent refresh through the pe_rt cookie) and ends at sign-out [waits for the cookie routes]",
    async () => {
      const page = await (await newContext(browser)).newPage();
      await page.goto(`${url}/signin?next=%2Fappointments`);
      await signUpInline(page, newPatient());
      await page.getByRole("heading", { name: "My appointments" }).waitFor();
      await page.reload();
      await page.getByRole("heading", { name: "My appointments" }).waitFor();
      await page.getByRole("button", { name: "Account" }).click();
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(`${url}/`);
      await page.goto(`${url}/appointments`);
      await page.waitForURL(/\/signin\?next=/);
      await page.context().close();
    },
  );
});
