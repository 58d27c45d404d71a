import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkPage, launch, newContext, newPatient, openAllHours, signUpInline } from "./browser.ts";

const url = inject("workerUrl");
let browser: Browser;

beforeAll(async () => {
  await openAllHours(url, "doc_asha-rao");
  await openAllHours(url, "doc_vikram-mehta");
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

async function pickFirstSlot(page: Page): Promise<string> {
  const slot = page.getByTestId("slot").first();
  await slot.waitFor();
  const start = (await slot.getAttribute("data-start")) ?? "";
  await slot.click();
  return start;
}

describe("a new patient books in the browser", () => {
  it("finds a doctor by speciality, books a slot after signing up inline, then reschedules and cancels it", {
    timeout: 150_000,
  }, async () => {
    const page = await (await newContext(browser, "Europe/London")).newPage();
    await page.goto(url);
    await page.getByRole("link", { name: "Cardiologist", exact: true }).click();
    await page.waitForURL(/speciality=Cardiologist/);
    await page.getByTestId("doctor-card").first().click();
    await page.getByRole("heading", { level: 1, name: "Dr. Asha Rao" }).waitFor();
    // London and Kolkata differ: each time also shows the doctor's local time.
    await expect.poll(async () => page.getByTestId("slot-status").textContent()).toContain("doctor's local time");
    await checkPage(page, "doctor");

    const start = await pickFirstSlot(page);
    await page.waitForURL(/\/book\/asha-rao\?start=/);
    await checkPage(page, "book-signed-out");
    await signUpInline(page, newPatient());
    // The chosen slot survived signing up.
    await page.getByRole("button", { name: "Confirm booking" }).waitFor();
    expect(new URL(page.url()).searchParams.get("start")).toBe(start);
    await checkPage(page, "book-confirm");
    await page.getByRole("button", { name: "Confirm booking" }).click();

    await page.getByRole("heading", { name: "You're booked" }).waitFor();
    await page.getByTestId("add-to-calendar").waitFor();
    await checkPage(page, "confirmation");

    await page.getByRole("link", { name: "All my appointments" }).click();
    const item = page.getByTestId("appointment").first();
    await item.waitFor();
    expect(await item.getByTestId("appointment-status").textContent()).toBe("Confirmed");
    await checkPage(page, "my-appointments");

    // Reschedule with the same picker: a different slot.
    await item.getByRole("link", { name: "Reschedule" }).click();
    await page.getByRole("heading", { name: "Reschedule" }).waitFor();
    const other = page.locator(`[data-testid=slot]:not([data-start="${start}"])`).nth(1);
    await other.waitFor();
    const newStart = await other.getAttribute("data-start");
    await other.click();
    await checkPage(page, "reschedule");
    await page.getByRole("button", { name: /^Move to/ }).click();
    await page.getByRole("heading", { name: "Your appointment" }).waitFor();
    expect(newStart).not.toBe(start);

    await page.getByRole("link", { name: "All my appointments" }).click();
    const moved = page.getByTestId("appointment").first();
    await moved.getByRole("button", { name: "Cancel" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel this appointment?" });
    await dialog.waitFor();
    await checkPage(page, "cancel-dialog");
    await dialog.getByRole("button", { name: "Cancel appointment" }).click();
    await expect
      .poll(async () => page.getByTestId("appointment").first().getByTestId("appointment-status").textContent())
      .toBe("Cancelled");
    await page.context().close();
  });

  it("two patients racing for one slot: one books, the other is told it is taken and offered the nearest", async () => {
    const [a, b] = await Promise.all([newContext(browser), newContext(browser)]);
    const [pa, pb] = await Promise.all([a.newPage(), b.newPage()]);
    // A time a few hours ahead on the half hour (the doctor works round the clock).
    const half = 30 * 60_000;
    const start = new Date(Math.ceil((Date.now() + 5 * 3_600_000) / half) * half).toISOString();
    for (const p of [pa, pb]) {
      await p.goto(`${url}/book/vikram-mehta?start=${encodeURIComponent(start)}`);
      await signUpInline(p, newPatient());
      await p.getByRole("button", { name: "Confirm booking" }).waitFor();
    }
    await Promise.all([pa, pb].map((p) => p.getByRole("button", { name: "Confirm booking" }).click()));

    const outcome = async (p: Page) => {
      await Promise.race([
        p.getByRole("heading", { name: "You're booked" }).waitFor(),
        p.getByTestId("booking-error").waitFor(),
      ]);
      return (await p.getByTestId("booking-error").count()) > 0 ? "taken" : "booked";
    };
    const results = await Promise.all([outcome(pa), outcome(pb)]);
    expect([...results].sort()).toEqual(["booked", "taken"]);
    const loser = results[0] === "taken" ? pa : pb;
    expect(await loser.getByTestId("booking-error").textContent()).toContain("just been taken");
    await loser.getByTestId("alternative-slot").first().waitFor();
    await checkPage(loser, "slot-taken");
    await Promise.all([a.close(), b.close()]);
  });
});

describe("account", () => {
  it("shows the profile and signs out", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${url}/signin?next=%2Faccount`);
    await signUpInline(page, newPatient());
    await page.waitForURL(/\/account$/);
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    await checkPage(page, "account");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${url}/`);
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    await page.context().close();
  });
});
