import type { AdminDoctor } from "../../worker/kernel/domain/doctor.ts";
import type { api } from "./api.ts";

/** A strong, uncommon password for accounts the tests create. */
export const testPassword = () => `Tp-${crypto.randomUUID()}`;

/** A unique, valid onboarding body (an initial schedule only when asked for). */
export function onboardingBody(overrides: Record<string, unknown> = {}) {
  const tag = crypto.randomUUID().slice(0, 8);
  return {
    name: `Dr. Test ${tag}`,
    email: `doctor-${tag}@tests.prescripto.test`,
    password: testPassword(),
    speciality: "General physician",
    degree: "MBBS",
    experienceYears: 7,
    about: "Family medicine.",
    feePaise: 40_000,
    address: { line1: "1 Test Road", city: "Pune" },
    timeZone: "Asia/Kolkata",
    ...overrides,
  };
}

/** The weekly part of a schedule for onboarding: every day, all day, 30-minute slots, no notice. */
export function allDaySchedule() {
  const allDay = [{ start: "00:00", end: "24:00" }];
  return {
    slotMinutes: 30,
    minNoticeMinutes: 0,
    horizonDays: 30,
    weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  };
}

export interface OnboardedDoctor {
  doctor: AdminDoctor;
  email: string;
  password: string;
  userId: string;
}

/** Onboards a doctor through the admin API and fails the test on anything but 201. */
export async function onboard(
  call: ReturnType<typeof api>,
  adminToken: string,
  overrides: Record<string, unknown> = {},
): Promise<OnboardedDoctor> {
  const body = onboardingBody(overrides);
  const res = await call<{ doctor: AdminDoctor; account: { userId: string } }>("POST", "/api/v1/admin/doctors", {
    token: adminToken,
    body,
  });
  if (res.status !== 201) throw new Error(`onboarding failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { doctor: res.body.doctor, email: body.email, password: body.password, userId: res.body.account.userId };
}

/** Signs in through the real login route and returns the access token. */
export async function login(call: ReturnType<typeof api>, email: string, password: string): Promise<string> {
  const res = await call<{ accessToken: string }>("POST", "/api/v1/auth/login", { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}
