import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoDoctors } from "../../scripts/seed.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { formatRupees } from "../../web/src/lib/money.ts";
import { type Registered, registerPatient } from "../support/accounts.ts";
import { api } from "../support/api.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { TEST_ADMIN } from "../support/test-keys.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";
import { launch, newContext } from "./browser.ts";
import {
  adminToken,
  checkScreen,
  insertMoney,
  kolkata,
  paymentFixture,
  refundFixture,
  signIn,
} from "./doctor-support.ts";

// Its own worker and database: onboarded doctors stay out of the shared directory.
const dbName = "prescripto_test_e2e_admin";
let worker: WorkerProcess;
let browser: Browser;
const call = ((method: string, path: string, opts?: Parameters<ReturnType<typeof api>>[2]) =>
  api(worker.url)(method, path, opts)) as ReturnType<typeof api>;

beforeAll(async () => {
  await seedDemoDoctors(requireServiceEnv().mongoUri, dbName);
  worker = await startTestWorker("e2e-admin", workerVars(dbName));
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

async function adminPage(): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await signIn(page, worker.url, TEST_ADMIN.email, process.env.TEST_ADMIN_PASSWORD ?? "");
  await page.waitForURL(/\/admin$/);
  await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  return page;
}

/** Opens a public page in a fresh, signed-out tab, reloading until `text` shows (caches expire in seconds). */
async function publicPageShows(path: string, text: string): Promise<void> {
  const page = await (await newContext(browser)).newPage();
  await expect
    .poll(
      async () => {
        await page.goto(`${worker.url}${path}`);
        await page.waitForLoadState("networkidle");
        return page.getByText(text, { exact: false }).count();
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toBeGreaterThan(0);
  await page.close();
}

describe("the admin console", () => {
  it("shows the platform's health, then onboards a doctor who appears on the patient site and can sign in", async () => {
    const page = await adminPage();
    await page.getByTestId("health-status").waitFor();
    expect(await page.getByTestId("health-status").textContent()).toContain("All dependencies answer");
    await checkScreen(page, "admin-overview");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Doctors" }).click();
    await page.getByTestId("admin-doctor").first().waitFor();
    await checkScreen(page, "admin-doctors");
    await page.getByRole("link", { name: "Onboard a doctor" }).click();
    await page.getByRole("heading", { level: 1, name: "Onboard a doctor" }).waitFor();
    const tag = crypto.randomUUID().slice(0, 6);
    const who = {
      name: `Dr. Onboarded ${tag}`,
      email: `onboarded-${tag}@tests.prescripto.test`,
      password: `Sea-lantern-${tag}-ok`,
    };
    await page.getByLabel("Full name (as patients see it)").fill(who.name);
    await page.getByLabel("Sign-in email").fill(who.email);
    await page.getByLabel("Initial password (10+ characters)").fill(who.password);
    await page.getByLabel("Speciality").fill("Dermatologist");
    await page.getByLabel("Degree").fill("MBBS, MD");
    await page.getByLabel("Experience (years)").fill("9");
    await page.getByLabel("Fee (₹)").fill("650");
    await page.getByLabel("Address line 1").fill("12 Residency Road");
    await page.getByLabel("City").fill("Bengaluru");
    await checkScreen(page, "admin-onboard");
    await page.getByRole("button", { name: "Onboard doctor" }).click();
    await page.getByRole("heading", { level: 1, name: who.name }).waitFor();
    await expect.poll(async () => page.getByTestId("accepting-state").textContent()).toContain("Patients can book");
    await checkScreen(page, "admin-doctor");

    const slug = (await page.getByRole("link", { name: "Public page" }).getAttribute("href")) ?? "";
    await publicPageShows(slug, who.name);
    // The new doctor signs in on the same page and lands on their own day.
    const doctorTab = await (await newContext(browser)).newPage();
    await signIn(doctorTab, worker.url, who.email, who.password);
    await doctorTab.waitForURL(/\/doctor$/);
    await doctorTab.getByRole("heading", { level: 1, name: "Today" }).waitFor();

    // Bookings off: the patient site says so.
    await page.getByLabel("Accepting bookings").uncheck();
    await expect.poll(async () => page.getByTestId("accepting-state").textContent()).toContain("Bookings are off");
    await publicPageShows(slug, "Not accepting bookings");
  }, 180_000);

  it("finds an appointment by its patient's email, opens its history and cancels it for the patient", async () => {
    const admin = await adminToken(worker.url);
    const doctor = await onboard(call, admin, { schedule: allDaySchedule() });
    const patient: Registered = await registerPatient(call, { name: "Meera Findme" });
    const start = new Date(Math.ceil((Date.now() + 26 * 3_600_000) / 1_800_000) * 1_800_000).toISOString();
    const booked = await call<{ appointment: { id: string } }>("POST", "/api/v1/appointments", {
      token: patient.accessToken,
      body: { doctorId: doctor.doctor.id, start },
    });
    expect(booked.status).toBe(201);
    const id = booked.body.appointment.id;

    const page = await adminPage();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Appointments" }).click();
    await page.getByRole("heading", { level: 1, name: "All appointments" }).waitFor();
    await page.getByLabel("Patient (email or id)").fill(patient.email);
    // MongoDB follows the doctor's object within seconds: apply until the row is there.
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Apply filters" }).click();
          await page.waitForLoadState("networkidle");
          return page.getByTestId("admin-appointment").count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    expect(await page.getByTestId("admin-appointment").textContent()).toContain("Meera Findme");
    await checkScreen(page, "admin-appointments");

    await page.getByRole("link", { name: `Open appointment ${id}` }).click();
    await page.getByTestId("history").waitFor();
    await checkScreen(page, "admin-appointment");
    await page.getByRole("button", { name: "Cancel for the patient" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel this appointment?" });
    await dialog.getByLabel("Reason (recorded in the history)").fill("Patient phoned the clinic");
    await dialog.getByRole("button", { name: "Cancel appointment" }).click();
    await expect.poll(async () => page.getByTestId("appointment-status").textContent()).toBe("Cancelled");
    expect(await page.getByTestId("history").textContent()).toContain("Patient phoned the clinic");
    const after = await call<{ appointment: { status: string } }>("GET", `/api/v1/appointments/${id}`, {
      token: patient.accessToken,
    });
    expect(after.body.appointment.status).toBe("cancelled");
  }, 120_000);

  it("charts the platform's figures per day and lists the payments flagged for review", async () => {
    // A seeded doctor (scripts/seed.ts) of this worker's own database.
    const doctorId = "doc_asha-rao";
    const now = new Date();
    const captured = paymentFixture(doctorId, now, { amountPaise: 250_075 });
    const flagged = paymentFixture(doctorId, now, { amountPaise: 100, flag: "amount_mismatch" });
    await insertMoney(dbName, [captured, flagged], [refundFixture(captured, 50_000, now)]);
    // A booking for tomorrow: the range shown by default runs a week ahead, appointments count on their day.
    const admin = await adminToken(worker.url);
    const bookedDoctor = await onboard(call, admin, { schedule: allDaySchedule() });
    const patient = await registerPatient(call);
    const start = new Date(Math.ceil((Date.now() + 26 * 3_600_000) / 1_800_000) * 1_800_000).toISOString();
    const booked = await call("POST", "/api/v1/appointments", {
      token: patient.accessToken,
      body: { doctorId: bookedDoctor.doctor.id, start },
    });
    expect(booked.status).toBe(201);
    const from = kolkata(Date.now() - 29 * 86_400_000).date;
    const to = kolkata(Date.now() + 7 * 86_400_000).date;
    const figuresApi = () =>
      call<{ days: { revenuePaise: number; refundsPaise: number; bookings: number }[] }>(
        "GET",
        `/api/v1/admin/figures?from=${from}&to=${to}&timeZone=Asia/Kolkata`,
        { token: admin },
      );
    // MongoDB follows the doctor's object within seconds.
    await expect
      .poll(async () => (await figuresApi()).body.days.some((d) => d.bookings > 0), { timeout: 30_000 })
      .toBe(true);
    const api = await figuresApi();

    const page = await adminPage();
    const figures = page.getByRole("region", { name: "Bookings, revenue and refunds" });
    await figures.getByTestId("figures-charts").waitFor();
    // Both charts are drawn by recharts, with bars or lines for the days.
    await expect.poll(async () => figures.locator(".recharts-wrapper").count()).toBe(2);
    await figures.locator(".recharts-line-curve").first().waitFor();
    // Bars for the bookings; the totals are the API's figures for the same days (today's money among them).
    await figures.locator(".recharts-bar-rectangle").first().waitFor();
    expect(await figures.getByTestId("total-bookings").textContent()).toBe(
      String(api.body.days.reduce((t, d) => t + d.bookings, 0)),
    );
    const revenue = api.body.days.reduce((t, d) => t + d.revenuePaise, 0);
    expect(revenue).toBeGreaterThanOrEqual(250_075);
    expect(await figures.getByTestId("total-revenue").textContent()).toBe(formatRupees(revenue));
    expect(await figures.getByTestId("total-refunds").textContent()).toBe(
      formatRupees(api.body.days.reduce((t, d) => t + d.refundsPaise, 0)),
    );
    // A range the API would refuse is refused before asking.
    await figures.getByLabel("From").fill("2020-01-01");
    await figures.getByRole("alert").filter({ hasText: "at most 93 days" }).waitFor();
    expect(await figures.getByRole("button", { name: "Show" }).isDisabled()).toBe(true);
    await figures.getByLabel("From").fill(from);
    await checkScreen(page, "admin-overview-figures");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payments" }).click();
    await page.getByRole("heading", { level: 1, name: "Payments" }).waitFor();
    const list = page.getByTestId("admin-payment");
    await list.first().waitFor();
    const texts = await list.allTextContents();
    expect(texts.some((t) => t.includes(flagged.id) && t.includes("Amount differs from the order"))).toBe(true);
    expect(texts.some((t) => t.includes(captured.id))).toBe(false);
    await checkScreen(page, "admin-payments");
    await page.getByLabel("Show").selectOption("all");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(async () => (await list.allTextContents()).some((t) => t.includes(captured.id))).toBe(true);
    const row = list.filter({ hasText: captured.id });
    expect(await row.textContent()).toContain("₹2,500.75");
    expect(await row.textContent()).toContain("Refunded ₹500.00");
  }, 120_000);

  it("runs operations: adds a clinic, issues its API key (shown once), lists the dead letters", async () => {
    const page = await adminPage();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" }).click();
    await page.getByRole("heading", { level: 1, name: "Operations" }).waitFor();
    await page.getByRole("heading", { name: "Dead letters" }).waitFor();
    const name = `Clinic ${crypto.randomUUID().slice(0, 6)}`;
    await page.getByLabel("New clinic name").fill(name);
    await page.getByRole("button", { name: "Add clinic" }).click();
    const clinic = page.getByTestId("clinic").filter({ hasText: name });
    await clinic.waitFor();
    await clinic.getByRole("button", { name: /^Issue an API key/ }).click();
    await expect.poll(async () => clinic.getByRole("status").textContent()).toMatch(/pe_\w+/);
    await checkScreen(page, "admin-operations");
  }, 90_000);
});
