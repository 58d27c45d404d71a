import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, newContext, newPatient, signUpInline } from "./browser.ts";

const url = inject("workerUrl");

// The session survives a reload only through the HttpOnly `pe_rt` refresh cookie the auth routes set.
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("session in the browser", () => {
  it("survives a reload (silent refresh through the pe_rt cookie) and ends at sign-out", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${url}/signin?next=%2Fappointments`);
    await signUpInline(page, newPatient());
    await page.getByRole("heading", { name: "My appointments" }).waitFor();
    // The refresh token is out of the page's reach: an HttpOnly, SameSite=Strict cookie.
    const cookie = (await page.context().cookies()).find((c) => c.name === "pe_rt");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/api/v1/auth" });
    expect(await page.evaluate(() => document.cookie)).not.toContain("pe_rt");
    await page.reload();
    await page.getByRole("heading", { name: "My appointments" }).waitFor();
    await page.getByRole("button", { name: "Account" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${url}/`);
    await page.goto(`${url}/appointments`);
    await page.waitForURL(/\/signin\?next=/);
    expect((await page.context().cookies()).find((c) => c.name === "pe_rt")).toBeUndefined();
    await page.context().close();
  });
});
