import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoDoctors } from "../../scripts/seed.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { slotStart } from "../support/schedules.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";
import { checkPage, launch, newContext, newPatient, openAllHours, signUpInline } from "./browser.ts";

// Its own worker and database with payments on: a booking with a fee is `held` until paid through
// Razorpay Checkout (the run's stand-in: its checkout page has Pay / Authorize only / Fail / Close).
const dbName = "prescripto_test_e2e_payment";

let worker: WorkerProcess;
let browser: Browser;

beforeAll(async () => {
  await seedDemoDoctors(requireServiceEnv().mongoUri, dbName);
  worker = await startTestWorker("e2e-payment", workerVars(dbName, { PAYMENTS_ENABLED: "true" }));
  await openAllHours(worker.url, "doc_priya-nair");
  await openAllHours(worker.url, "doc_meera-iyer");
  // The shortest hold the schedule allows, so the expiry test waits one minute, not ten.
  await openAllHours(worker.url, "doc_arjun-singh", { holdMinutes: 1 });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

const checkout = (page: Page) => page.frameLocator('iframe[title="Razorpay Checkout (local stand-in)"]');

/** From the booking page of a chosen slot to the pay step, as a new patient signing up inline. */
async function holdAsNewPatient(page: Page): Promise<void> {
  await signUpInline(page, newPatient());
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.getByRole("heading", { name: "Complete your payment" }).waitFor();
  expect(await page.getByTestId("appointment-status").textContent()).toBe("Awaiting payment");
  expect(await page.getByTestId("hold-countdown").textContent()).toMatch(/holding this time for you for \d+:\d\d/);
}

async function payOnCheckout(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Pay ₹900" }).click();
  await checkout(page).getByRole("button", { name: "Pay ₹900.00" }).click();
  await page.getByRole("heading", { name: "You're booked" }).waitFor();
}

describe("a booking with a fee", () => {
  it("is held: the pay step shows the hold's running countdown instead of a confirmation", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${worker.url}/book/priya-nair?start=${encodeURIComponent(slotStart(50))}`);
    await holdAsNewPatient(page);
    const clock = page.getByTestId("hold-countdown").locator("strong");
    const first = await clock.textContent();
    await expect.poll(async () => clock.textContent(), { timeout: 5_000 }).not.toBe(first);
    await page.getByRole("button", { name: "Pay ₹900" }).waitFor();
    await checkPage(page, "payment-held");
    await page.context().close();
  });
});

describe("paying for a booking in the browser", () => {
  it("a new patient finds a doctor by speciality, books, pays on Checkout and sees the paid booking", {
    timeout: 120_000,
  }, async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(worker.url);
    await page.getByRole("link", { name: "Pediatrician", exact: true }).click();
    await page.waitForURL(/speciality=Pediatrician/);
    await page.getByTestId("doctor-card").first().click();
    await page.getByRole("heading", { level: 1, name: "Dr. Priya Nair" }).waitFor();
    const slot = page.getByTestId("slot").first();
    await slot.waitFor();
    await slot.click();
    await holdAsNewPatient(page);
    // The countdown runs.
    const clock = page.getByTestId("hold-countdown").locator("strong");
    const first = await clock.textContent();
    await expect.poll(async () => clock.textContent(), { timeout: 5_000 }).not.toBe(first);

    await page.getByRole("button", { name: "Pay ₹900" }).click();
    await checkout(page).getByRole("button", { name: "Pay ₹900.00" }).waitFor();
    await page.screenshot({ path: `${process.env.TEST_RUN_DIR ?? ".data/test-run"}/screenshots/checkout-open.png` });
    await checkout(page).getByRole("button", { name: "Pay ₹900.00" }).click();
    await page.getByRole("heading", { name: "You're booked" }).waitFor();
    expect(await page.getByTestId("appointment-status").textContent()).toBe("Confirmed");
    expect(await page.getByTestId("payment-state").textContent()).toContain("Paid ₹900");
    await page.getByTestId("add-to-calendar").waitFor();
    await checkPage(page, "payment-confirmed");

    await page.getByRole("link", { name: "All my appointments" }).click();
    const item = page.getByTestId("appointment").first();
    await item.waitFor();
    expect(await item.getByTestId("appointment-status").textContent()).toBe("Confirmed");
    expect(await item.getByTestId("payment-state").textContent()).toContain("Paid ₹900");
    await checkPage(page, "my-appointments-paid");
    await page.context().close();
  });

  it("a closed Checkout keeps the hold and offers to try again; when the hold runs out the slot is offered again", {
    timeout: 180_000,
  }, async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${worker.url}/book/arjun-singh?start=${encodeURIComponent(slotStart(30))}`);
    await holdAsNewPatient(page);

    await page.getByRole("button", { name: "Pay ₹900" }).click();
    await checkout(page).getByRole("button", { name: "Fail the payment" }).click();
    await checkout(page).getByRole("button", { name: "Close" }).click();
    const notice = page.getByTestId("payment-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Your payment didn't go through");
    expect(await notice.textContent()).toMatch(/stays held for you until .+ After that it is released/);
    await page.getByRole("button", { name: "Try again" }).waitFor();
    await checkPage(page, "payment-failed");

    // Abandoned: the one-minute hold ends, the doctor's object releases it, the page says so and
    // offers the same time again (nobody else took it).
    await page.getByRole("heading", { name: "Your hold has ended" }).waitFor({ timeout: 120_000 });
    await expect
      .poll(async () => page.getByTestId("appointment-status").textContent(), { timeout: 60_000 })
      .toBe("Hold expired");
    await page.getByTestId("book-again").waitFor();
    await checkPage(page, "payment-hold-expired");
    await page.context().close();
  });

  it("cancelling a paid booking shows what was paid before confirming and the refund after", {
    timeout: 120_000,
  }, async () => {
    const page = await (await newContext(browser)).newPage();
    // Two days ahead: inside the default policy's full-refund window.
    await page.goto(`${worker.url}/book/meera-iyer?start=${encodeURIComponent(slotStart(48))}`);
    await holdAsNewPatient(page);
    await payOnCheckout(page);

    await page.getByRole("link", { name: "All my appointments" }).click();
    const item = page.getByTestId("appointment").first();
    await item.waitFor();
    await item.getByRole("button", { name: "Cancel" }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByTestId("refund-preview").textContent()).toContain("₹900");
    await checkPage(page, "cancel-paid-dialog");
    await dialog.getByRole("button", { name: "Cancel appointment" }).click();
    await expect.poll(async () => item.getByTestId("appointment-status").textContent()).toBe("Cancelled");
    await expect
      .poll(async () => item.getByTestId("payment-state").textContent())
      .toMatch(/₹900 (on its way|refunded)/);
    await checkPage(page, "cancelled-refund");
    await page.context().close();
  });
});
