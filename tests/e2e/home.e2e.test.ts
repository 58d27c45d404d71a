import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_DOCTORS } from "../../scripts/seed-data.ts";
import { checkPage, launch, newContext, openAllHours } from "./browser.ts";

const url = inject("workerUrl");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await (await newContext(browser)).newPage();
});

afterAll(async () => {
  await browser?.close();
});

const names = () => page.getByTestId("doctor-card").locator("h3").allTextContents();

describe("home and find a doctor in Chromium", () => {
  it("home offers specialities, top doctors and a call to action", async () => {
    await page.goto(url);
    await page.getByTestId("doctor-card").first().waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Book an appointment");
    await expect.poll(async () => page.getByRole("link", { name: "Cardiologist", exact: true }).count()).toBe(1);
    await checkPage(page, "home");
  });

  it("lists every seeded doctor on the find page", async () => {
    await page.goto(`${url}/doctors`);
    await page.getByTestId("doctor-card").first().waitFor();
    expect((await names()).sort()).toEqual(DEMO_DOCTORS.map((d) => d.name).sort());
    await checkPage(page, "find-a-doctor");
  });

  it("filters by speciality and keeps the filter in the URL across a reload", async () => {
    await page.goto(`${url}/doctors`);
    await page.getByLabel("Speciality").selectOption("Neurologist");
    await page.waitForURL(/speciality=Neurologist/);
    await expect.poll(names).toEqual(["Dr. Arjun Singh"]);
    await page.reload();
    await expect.poll(names).toEqual(["Dr. Arjun Singh"]);
  });

  it("searches by name and by fee range, and says so when nothing matches", async () => {
    await page.goto(`${url}/doctors`);
    await page.getByLabel("Doctor's name").fill("asha");
    await expect.poll(names).toEqual(["Dr. Asha Rao"]);
    await page.getByLabel("Maximum fee").selectOption({ label: "up to ₹500" });
    await expect.poll(async () => page.getByTestId("empty-state").count()).toBe(1);
    await checkPage(page, "find-a-doctor-empty");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(async () => (await names()).length).toBe(DEMO_DOCTORS.length);
  });

  it("'available this week' keeps only doctors with a free slot in the next seven days", async () => {
    await openAllHours(url, "doc_asha-rao");
    await page.goto(`${url}/doctors`);
    await page.getByTestId("doctor-card").first().waitFor();
    await page.getByLabel("Available this week").check();
    await page.waitForURL(/available=week/);
    // Seeded doctors have no schedule (so no slots) until a test gives them one.
    await expect.poll(names).toContain("Dr. Asha Rao");
    expect(await names()).not.toContain("Dr. Samuel Okafor");
  });

  it("shows fees in rupees from integer paise, and cards are keyboard-reachable links", async () => {
    await page.goto(`${url}/doctors?speciality=Cardiologist`);
    const card = page.getByTestId("doctor-card").first();
    await card.waitFor();
    expect(await card.textContent()).toContain("₹900");
    await card.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/doctors\/asha-rao$/);
    await page.getByRole("heading", { level: 1, name: "Dr. Asha Rao" }).waitFor();
  });
});

describe("load failures", () => {
  it("shows the error with its request id, and after Retry moves focus to the results", async () => {
    const failing = async (route: import("playwright-core").Route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({
          error: { code: "DEPENDENCY_UNAVAILABLE", message: "MongoDB is unavailable", requestId: "req-e2e-1" },
        }),
      });
    await page.route("**/api/v1/doctors", failing);
    await page.goto(`${url}/doctors`);
    await page.getByTestId("error-state").waitFor();
    expect(await page.getByTestId("error-state").textContent()).toContain("req-e2e-1");
    await checkPage(page, "find-a-doctor-error");
    await page.unroute("**/api/v1/doctors", failing);
    await page.getByRole("button", { name: "Retry" }).click();
    await page.getByTestId("doctor-card").first().waitFor();
    await expect.poll(async () => page.evaluate(() => document.activeElement?.textContent)).toBe("Results");
  });
});

describe("unknown and old paths", () => {
  it("an unknown path gets a real 404 page", async () => {
    await page.goto(`${url}/no/such/page`);
    await page.getByRole("heading", { name: "We can't find that page" }).waitFor();
    await checkPage(page, "not-found");
  });

  it("an unknown doctor's page is a 404 too", async () => {
    await page.goto(`${url}/doctors/nobody-here`);
    await page.getByRole("heading", { name: "We can't find that page" }).waitFor();
  });

  it("the replaced app's paths redirect to their new places", async () => {
    await page.goto(`${url}/doctors/Cardiologist`);
    await page.waitForURL(/\/doctors\?speciality=Cardiologist$/);
    await expect.poll(names).toEqual(["Dr. Asha Rao"]);
    await page.goto(`${url}/appointment/doc_asha-rao`);
    await page.waitForURL(/\/doctors\/asha-rao$/);
    await page.goto(`${url}/login`);
    await page.waitForURL(/\/signin$/);
    await page.getByRole("heading", { name: "Sign in to Prescripto" }).waitFor();
    await checkPage(page, "sign-in");
    await page.goto(`${url}/my-appointments`);
    await page.waitForURL(/\/signin\?next=%2Fappointments$/);
  });
});
