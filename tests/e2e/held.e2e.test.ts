import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoDoctors } from "../../scripts/seed.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";
import { checkPage, launch, newContext, newPatient, openAllHours, signUpInline } from "./browser.ts";

// Its own worker and database with payments on: a booking with a fee is `held` until paid.
const dbName = "prescripto_test_e2e_held";
let worker: WorkerProcess;
let browser: Browser;

beforeAll(async () => {
  await seedDemoDoctors(requireServiceEnv().mongoUri, dbName);
  worker = await startTestWorker("e2e-held", workerVars(dbName, { PAYMENTS_ENABLED: "true" }));
  await openAllHours(worker.url, "doc_priya-nair");
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

describe("a booking that needs payment", () => {
  it("shows the complete-payment step with the hold's countdown instead of a confirmation", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${worker.url}/doctors/priya-nair`);
    const slot = page.getByTestId("slot").first();
    await slot.waitFor();
    await slot.click();
    await signUpInline(page, newPatient());
    await page.getByRole("button", { name: "Confirm booking" }).click();

    await page.getByRole("heading", { name: "Complete your payment" }).waitFor();
    expect(await page.getByTestId("appointment-status").textContent()).toBe("Awaiting payment");
    const countdown = page.getByTestId("hold-countdown");
    expect(await countdown.textContent()).toMatch(/holding this time for you for \d+:\d\d/);
    // The countdown runs.
    const first = await countdown.locator("strong").textContent();
    await expect.poll(async () => countdown.locator("strong").textContent(), { timeout: 5_000 }).not.toBe(first);
    await checkPage(page, "payment-held");
    await page.context().close();
  });
});
