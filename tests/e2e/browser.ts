import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import type { ScheduleSettingsInput } from "../../worker/kernel/domain/schedule.ts";
import { roundTheClock } from "../support/schedules.ts";
import { TEST_ADMIN } from "../support/test-keys.ts";

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const TABLET = { width: 768, height: 1024 };

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export function newContext(browser: Browser, timezoneId = "Asia/Kolkata"): Promise<BrowserContext> {
  return browser.newContext({ viewport: DESKTOP, timezoneId, locale: "en-IN" });
}

const shotsDir = join(process.env.TEST_RUN_DIR ?? ".data/test-run", "screenshots");

/**
 * The checks every screen gets: no serious or critical axe violations, screenshots at desktop size
 * and at `small` (saved as artifacts), and no horizontal scroll at `small`'s width.
 */
export async function checkAt(page: Page, name: string, small: { width: number; height: number }): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  // Callers wait for the content they check; this only lets late images settle. Playwright's
  // network-idle never fires again once a Checkout iframe was removed mid-request, hence the bound.
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(bad, `axe on ${name}`).toEqual([]);
  const before = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(shotsDir, `${name}-1280x800.png`), fullPage: true });
  await page.setViewportSize(small);
  await page.screenshot({ path: join(shotsDir, `${name}-${small.width}x${small.height}.png`), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal scroll on ${name} at ${small.width} px`).toBeLessThanOrEqual(0);
  await page.setViewportSize(before);
}

/** The patient site's pages: checked at phone size. */
export const checkPage = (page: Page, name: string): Promise<void> => checkAt(page, name, PHONE);

/** Gives a seeded doctor a round-the-clock schedule (as the test admin) so any future half hour is free. */
export async function openAllHours(
  url: string,
  doctorId: string,
  overrides: Partial<ScheduleSettingsInput> = {},
): Promise<void> {
  const password = process.env.TEST_ADMIN_PASSWORD;
  if (!password) throw new Error("TEST_ADMIN_PASSWORD is not set; run through npm test");
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: TEST_ADMIN.email, password }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const put = await fetch(`${url}/api/v1/doctors/${doctorId}/schedule`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(
      roundTheClock({ feePaise: 90_000, minNoticeMinutes: 60, cancelNoticeMinutes: 0, ...overrides }),
    ),
  });
  expect(put.status, await put.text()).toBe(200);
}

let n = 0;
export function newPatient(): { name: string; email: string; password: string } {
  n += 1;
  return {
    name: `Test Patient ${n}`,
    email: `e2e-${Date.now().toString(36)}-${n}@patients.prescripto.test`,
    password: `Blue-kettle-${crypto.randomUUID().slice(0, 8)}`,
  };
}

/** Fills the inline "Create account" form (the booking page opens on it). */
export async function signUpInline(page: Page, who: { name: string; email: string; password: string }): Promise<void> {
  const form = page.getByTestId("auth-form");
  await form.getByRole("tab", { name: "Create account" }).click();
  await form.getByLabel("Full name").fill(who.name);
  await form.getByLabel("Email").fill(who.email);
  await form.getByLabel("Password").fill(who.password);
  await form.getByRole("button", { name: "Create account" }).click();
}
