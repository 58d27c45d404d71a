import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_DOCTORS } from "../../scripts/seed-data.ts";

const url = inject("workerUrl");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({
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
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe("home page in Chromium", () => {
  it("shows the seeded doctors served by the Worker", async () => {
    await page.goto(url);
    await page.getByTestId("doctor-card").first().waitFor();
    const names = await page.getByTestId("doctor-card").locator("h3").allTextContents();
    expect(names.sort()).toEqual(DEMO_DOCTORS.map((d) => d.name).sort());
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Prescripto");
  });

  it("filters by speciality and keeps the filter in the URL", async () => {
    await page.goto(url);
    await page.getByRole("button", { name: "Neurologist" }).click();
    await page.waitForURL(/speciality=Neurologist/);
    await expect
      .poll(async () => page.getByTestId("doctor-card").locator("h3").allTextContents())
      .toEqual(["Dr. Arjun Singh"]);
    expect(await page.getByRole("button", { name: "Neurologist" }).getAttribute("aria-pressed")).toBe("true");

    await page.reload();
    await expect
      .poll(async () => page.getByTestId("doctor-card").locator("h3").allTextContents())
      .toEqual(["Dr. Arjun Singh"]);
  });

  it("shows fees in rupees from integer paise", async () => {
    await page.goto(`${url}/?speciality=Cardiologist`);
    const card = page.getByTestId("doctor-card").first();
    await card.waitFor();
    expect(await card.textContent()).toContain("₹900");
  });
});
