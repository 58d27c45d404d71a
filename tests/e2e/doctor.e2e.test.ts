import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoDoctors } from "../../scripts/seed.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { registerPatient } from "../support/accounts.ts";
import { api } from "../support/api.ts";
import { allDaySchedule, type OnboardedDoctor, onboard } from "../support/onboarding.ts";
import { roundTheClock } from "../support/schedules.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";
import { launch, newContext } from "./browser.ts";
import {
  adminToken,
  checkScreen,
  confirmAttendance,
  insertMoney,
  kolkata,
  paymentFixture,
  refundFixture,
  signIn,
} from "./doctor-support.ts";

// Its own worker and database: the doctors it onboards stay out of the shared directory.
const dbName = "prescripto_test_e2e_doctor";
let worker: WorkerProcess;
let browser: Browser;
let doctor: OnboardedDoctor;
// A second doctor whose first appointment starts at the same minute as the first doctor's, so the
// outcome test waits for one start (about a minute), not for a second slot five minutes later.
let colleague: OnboardedDoctor;
let colleagueFirst: { id: string; start: string };
const call = ((method: string, path: string, opts?: Parameters<ReturnType<typeof api>>[2]) =>
  api(worker.url)(method, path, opts)) as ReturnType<typeof api>;
/** Two appointments that start within minutes of the run, so the doctor can record their outcome. */
const soon: { id: string; start: string }[] = [];
/** Today's hours start here (a whole minute); slots are every 5 minutes from it. */
let firstSlot = 0;

let admin: string;

async function book(start: string, doctorId = doctor.doctor.id): Promise<string> {
  const patient = await registerPatient(call);
  const res = await call<{ appointment: { id: string } }>("POST", "/api/v1/appointments", {
    token: patient.accessToken,
    body: { doctorId, start },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.appointment.id;
}

beforeAll(async () => {
  await seedDemoDoctors(requireServiceEnv().mongoUri, dbName);
  worker = await startTestWorker("e2e-doctor", workerVars(dbName));
  admin = await adminToken(worker.url);
  doctor = await onboard(call, admin, { schedule: allDaySchedule() });
  colleague = await onboard(call, admin, { schedule: allDaySchedule() });
  // No test clock reaches a separate workerd, so "past" appointments are real ones that start a
  // minute or so after this: today's hours begin at the next whole minute, in 5-minute slots.
  // The other tests run meanwhile; the outcome test waits (polling) for the first slot to start.
  const first = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
  firstSlot = first;
  const today = kolkata(first);
  for (const d of [doctor, colleague]) {
    const put = await call("PUT", `/api/v1/doctors/${d.doctor.id}/schedule`, {
      token: admin,
      body: roundTheClock({
        slotMinutes: 5,
        minNoticeMinutes: 0,
        overrides: [{ date: today.date, ranges: [{ start: today.time, end: "24:00" }] }],
      }),
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }
  const firstIso = new Date(first).toISOString();
  colleagueFirst = { id: await book(firstIso, colleague.doctor.id), start: firstIso };
  for (const start of [first, first + 5 * 60_000]) {
    const iso = new Date(start).toISOString();
    soon.push({ id: await book(iso), start: iso });
  }
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

async function doctorPage(who: OnboardedDoctor = doctor): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await signIn(page, worker.url, who.email, who.password);
  await page.waitForURL(/\/doctor$/);
  await page.getByRole("heading", { level: 1, name: "Today" }).waitFor();
  return page;
}

describe("the doctor's day", () => {
  it("lands a signed-in doctor on today and shows a booking made a moment later without a reload", async () => {
    const page = await doctorPage();
    for (const s of soon) await page.locator(`[data-appointment-id="${s.id}"]`).waitFor();
    // A patient books while the page is open: polling brings it in.
    const later = new Date(firstSlot + 60 * 60_000).toISOString();
    const id = await book(later);
    if (kolkata(Date.parse(later)).date === kolkata(Date.now()).date) {
      const row = page.locator(`[data-appointment-id="${id}"]`);
      await row.waitFor({ timeout: 20_000 });
      expect(await row.getByTestId("appointment-status").textContent()).toBe("Confirmed");
      expect(await row.getByTestId("patient-name").textContent()).toBe("Test Patient");
    }
    // The week at a glance counts it (on whichever day it falls).
    await expect
      .poll(async () => page.getByRole("navigation", { name: "This week" }).textContent())
      .toMatch(/[1-9] open/);
    await checkScreen(page, "doctor-today");

    // Cancelling asks first, with a reason.
    const row = page.locator(`[data-appointment-id="${soon[1]?.id}"]`);
    await row.getByRole("button", { name: /^Cancel/ }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel this appointment?" });
    await dialog.waitFor();
    await checkScreen(page, "doctor-cancel-dialog");
    await dialog.getByRole("button", { name: "Keep it" }).click();
    expect(await row.getByTestId("appointment-status").textContent()).toBe("Confirmed");
  }, 120_000);

  it("edits the schedule: the preview follows each change, and after saving so does the public availability", async () => {
    const page = await doctorPage();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedule" }).click();
    await page.getByRole("heading", { level: 1, name: "Schedule" }).waitFor();
    const total = page.getByTestId("preview-total");
    const count = async () => Number((await total.textContent())?.match(/^(\d+)/)?.[1] ?? Number.NaN);
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await checkScreen(page, "doctor-schedule");

    // An invalid value is named and stops the preview and the save.
    const slot = page.getByLabel("Slot length (minutes)");
    await slot.fill("3");
    await page.getByTestId("schedule-issues").waitFor();
    expect(await page.getByRole("button", { name: "Save schedule" }).isDisabled()).toBe(true);

    await slot.fill("60");
    await expect.poll(count).toBeLessThan(before);

    // The refund policy: a partial window longer than the full one is named and stops the save.
    await page.getByLabel("Full refund until (hours before)").fill("12");
    await page.getByLabel("Partial refund until (hours before)").fill("48");
    await page.getByTestId("schedule-issues").waitFor();
    expect(await page.getByRole("button", { name: "Save schedule" }).isDisabled()).toBe(true);
    await page.getByLabel("Partial refund until (hours before)").fill("2");
    await page.getByLabel("Partial refund (%)").fill("30");
    await page.getByRole("button", { name: "Save schedule" }).click();
    await page.getByTestId("schedule-saved").waitFor();
    await checkScreen(page, "doctor-schedule-saved");

    const saved = await call<{ settings: { refundPolicy: unknown } }>(
      "GET",
      `/api/v1/doctors/${doctor.doctor.id}/schedule`,
      { token: admin },
    );
    expect(saved.body.settings.refundPolicy).toEqual({
      fullRefundHours: 12,
      partialRefundHours: 2,
      partialRefundPercent: 30,
    });

    // The public slots now follow the saved rules: every slot is an hour long.
    const tomorrow = kolkata(Date.now() + 86_400_000).date;
    await expect
      .poll(async () => {
        const res = await call<{ slots: { start: string; end: string }[] }>(
          "GET",
          `/api/v1/doctors/${doctor.doctor.id}/slots?from=${tomorrow}&to=${tomorrow}`,
        );
        return res.body.slots.map((s) => (Date.parse(s.end) - Date.parse(s.start)) / 60_000);
      })
      .toSatisfy((lengths: number[]) => lengths.length > 0 && lengths.every((m) => m === 60));
  }, 120_000);

  it("shows a patient's confirmed attendance (from a reminder link) on the doctor's day", async () => {
    // Any free slot under the rules in force (the schedule test before this one changed them).
    const tomorrow = kolkata(Date.now() + 86_400_000).date;
    const slots = await call<{ slots: { start: string }[] }>(
      "GET",
      `/api/v1/doctors/${doctor.doctor.id}/slots?from=${tomorrow}&to=${tomorrow}`,
    );
    const start = slots.body.slots[0]?.start ?? "";
    const patient = await registerPatient(call, { name: "Asha Confirms" });
    const res = await call<{ appointment: { id: string; version: number } }>("POST", "/api/v1/appointments", {
      token: patient.accessToken,
      body: { doctorId: doctor.doctor.id, start },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { id, version } = res.body.appointment;
    const page = await doctorPage();
    await page.goto(`${worker.url}/doctor?date=${kolkata(Date.parse(start)).date}`);
    const row = page.locator(`[data-appointment-id="${id}"]`);
    await row.waitFor();
    expect(await row.getByTestId("attendance-confirmed").count()).toBe(0);
    // A doctor's footer offers the doctor's pages, never the patient's.
    const footer = page.getByRole("navigation", { name: "Footer" });
    await footer.getByRole("link", { name: "Schedule" }).waitFor();
    expect(await footer.getByRole("link", { name: "My appointments" }).count()).toBe(0);
    await confirmAttendance(worker.url, id, version, start);
    // The open page picks it up by polling, without a reload.
    await row.getByTestId("attendance-confirmed").waitFor({ timeout: 20_000 });
    expect(await row.getByTestId("attendance-confirmed").textContent()).toBe("Patient confirmed attendance");
    expect(await row.getByTestId("appointment-status").textContent()).toBe("Confirmed");
    await checkScreen(page, "doctor-today-attendance");
  }, 90_000);

  it("shows the profile with photo upload, and earnings from captured payments minus refunds", async () => {
    const now = new Date();
    const paid = paymentFixture(doctor.doctor.id, now, { amountPaise: 123_456 });
    const other = paymentFixture(doctor.doctor.id, now, { amountPaise: 50_000 });
    const notCaptured = paymentFixture(doctor.doctor.id, now, { amountPaise: 999_900, status: "authorized" });
    await insertMoney(dbName, [paid, other, notCaptured], [refundFixture(other, 23_456, now)]);

    const page = await doctorPage();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profile" }).click();
    await page.getByRole("heading", { level: 1, name: doctor.doctor.name }).waitFor();
    const earnings = page.getByRole("region", { name: "Earnings" });
    await earnings.getByTestId("earnings-captured").waitFor();
    expect(await earnings.getByTestId("earnings-captured").textContent()).toBe("₹1,734.56");
    expect(await earnings.getByTestId("earnings-refunded").textContent()).toBe("₹234.56");
    expect(await earnings.getByTestId("earnings-net").textContent()).toBe("₹1,500.00");
    const todayRow = earnings.getByTestId("earnings-row").first();
    expect(await todayRow.textContent()).toContain("₹1,500.00");
    for (const period of ["By week", "By month"]) {
      await earnings.getByText(period, { exact: true }).click();
      await expect.poll(async () => earnings.getByTestId("earnings-row").first().textContent()).toContain("₹1,500.00");
    }
    await earnings.getByText("By day", { exact: true }).click();

    await page.getByLabel("About").fill("Family medicine, and now evenings too.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved.").waitFor();
    await checkScreen(page, "doctor-profile");
  }, 90_000);
});

describe("a patient", () => {
  it("is never offered, and cannot open, the doctor's or the admin's screens", async () => {
    const patient = await registerPatient(call);
    const page = await (await newContext(browser)).newPage();
    await signIn(page, worker.url, patient.email, patient.password);
    await page.waitForURL(/\/appointments$/);
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Today" }).count()).toBe(0);
    expect(await nav.getByRole("link", { name: "Overview" }).count()).toBe(0);
    const footer = page.getByRole("navigation", { name: "Footer" });
    await footer.getByRole("link", { name: "My appointments" }).waitFor();
    for (const staff of ["Today", "Schedule", "Overview", "Payments"])
      expect(await footer.getByRole("link", { name: staff }).count()).toBe(0);
    // In-app navigation keeps the in-memory session (no reload).
    for (const path of ["/doctor", "/doctor/schedule", "/admin", "/admin/doctors"]) {
      await page.evaluate((p) => {
        history.pushState(null, "", p);
        dispatchEvent(new PopStateEvent("popstate"));
      }, path);
      await page.getByText("This page is not available to you").waitFor();
      expect(await page.getByTestId("day-appointment").count()).toBe(0);
    }
  }, 90_000);
});

// Last, so the other tests use the minutes it must wait for.
describe("the doctor after appointments have started", () => {
  it(
    "records the outcome of appointments that have started: one completed, one a no-show",
    async () => {
      const started = Date.parse(soon[0]?.start ?? "");
      // Waits for the real clock (see beforeAll); bounded.
      await expect.poll(() => Date.now(), { timeout: 4 * 60_000, interval: 1_000 }).toBeGreaterThan(started + 1_000);
      // The doctor's appointment that started: completed; the one five minutes on offers no outcome yet.
      const page = await doctorPage();
      const a = page.locator(`[data-appointment-id="${soon[0]?.id}"]`);
      await a.getByRole("button", { name: /completed$/ }).click();
      await expect.poll(async () => a.getByTestId("appointment-status").textContent()).toBe("Completed");
      const notYet = page.locator(`[data-appointment-id="${soon[1]?.id}"]`);
      expect(await notYet.getByRole("button", { name: /completed$/ }).count()).toBe(0);
      await checkScreen(page, "doctor-today-outcomes");
      // The colleague's appointment that started at the same minute: a no-show.
      const other = await doctorPage(colleague);
      const b = other.locator(`[data-appointment-id="${colleagueFirst.id}"]`);
      await b.getByRole("button", { name: /no-show$/ }).click();
      await expect.poll(async () => b.getByTestId("appointment-status").textContent()).toBe("Missed");
    },
    6 * 60_000,
  );
});
