import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { api } from "../support/api.ts";
import { TEST_ADMIN } from "../support/test-keys.ts";

export const DESKTOP = { width: 1280, height: 800 };
export const TABLET = { width: 768, height: 1024 };
const shotsDir = join(process.env.TEST_RUN_DIR ?? ".data/test-run", "screenshots");

/**
 * The checks every doctor/admin screen gets: no serious or critical axe violations, screenshots at
 * desktop and tablet size, and no horizontal scroll on the tablet.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  await page.waitForLoadState("networkidle");
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(bad, `axe on ${name}`).toEqual([]);
  const before = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(shotsDir, `${name}-1280x800.png`), fullPage: true });
  await page.setViewportSize(TABLET);
  await page.screenshot({ path: join(shotsDir, `${name}-768x1024.png`), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal scroll on ${name} at 768 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize(before);
}

/** Signs in on /signin (doctors and admins use the same page as patients). */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/signin`);
  const form = page.getByTestId("auth-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

export async function adminToken(url: string): Promise<string> {
  const password = process.env.TEST_ADMIN_PASSWORD;
  if (!password) throw new Error("TEST_ADMIN_PASSWORD is not set; run through npm test");
  const res = await api(url)<{ accessToken: string }>("POST", "/api/v1/auth/login", {
    body: { email: TEST_ADMIN.email, password },
  });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

/** "HH:MM" and YYYY-MM-DD of an instant in Asia/Kolkata (UTC+05:30, no DST). */
export function kolkata(ms: number): { date: string; time: string } {
  const iso = new Date(ms + 330 * 60_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}
