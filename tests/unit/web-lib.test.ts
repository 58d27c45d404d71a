import { describe, expect, it } from "vitest";
import { sessionFromToken } from "../../web/src/auth/token-store";
import { filterDoctors } from "../../web/src/lib/doctor-filter";
import { buildIcs } from "../../web/src/lib/ics";
import {
  addDays,
  doctorRangeFor,
  groupByLocalDate,
  localDateOf,
  nearestSlots,
  weekOf,
  zonesDiffer,
} from "../../web/src/lib/time";

describe("patient-zone dates", () => {
  it("puts an instant on the calendar date of the zone asked for", () => {
    // 20:00Z is already the next day in Kolkata (+05:30) but not in London.
    expect(localDateOf("2026-12-03T20:00:00Z", "Asia/Kolkata")).toBe("2026-12-04");
    expect(localDateOf("2026-12-03T20:00:00Z", "Europe/London")).toBe("2026-12-03");
  });

  it("adds whole days across month and year ends and builds a seven-day week", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(weekOf("2026-12-29")).toEqual([
      "2026-12-29",
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
      "2027-01-03",
      "2027-01-04",
    ]);
  });

  it("asks the doctor for a day either side of the patient's week", () => {
    expect(doctorRangeFor(weekOf("2026-12-07"))).toEqual({ from: "2026-12-06", to: "2026-12-14" });
  });

  it("groups slots by the patient's date, not the doctor's", () => {
    const slots = [{ start: "2026-12-03T18:00:00Z" }, { start: "2026-12-03T19:00:00Z" }];
    expect([...groupByLocalDate(slots, "Asia/Kolkata").keys()]).toEqual(["2026-12-03", "2026-12-04"]);
    expect([...groupByLocalDate(slots, "Europe/London").keys()]).toEqual(["2026-12-03"]);
  });

  it("tells zones apart only when their clocks differ at that instant", () => {
    expect(zonesDiffer("Asia/Kolkata", "Asia/Calcutta")).toBe(false);
    expect(zonesDiffer("Asia/Kolkata", "Europe/London")).toBe(true);
    // London is on UTC in winter, an hour ahead in summer.
    expect(zonesDiffer("Europe/London", "UTC", "2026-01-15T12:00:00Z")).toBe(false);
    expect(zonesDiffer("Europe/London", "UTC", "2026-07-15T12:00:00Z")).toBe(true);
  });

  it("offers the free slots nearest a taken one, in time order, without the taken one", () => {
    const at = (h: number) => ({ start: `2026-12-03T${String(h).padStart(2, "0")}:00:00.000Z` });
    const slots = [at(5), at(8), at(9), at(11), at(16)];
    expect(nearestSlots(slots, at(10).start, 3)).toEqual([at(8), at(9), at(11)]);
    expect(nearestSlots(slots, at(9).start, 2)).toEqual([at(8), at(11)]);
  });
});

describe("directory filter", () => {
  const doctor = (name: string, speciality: string, feePaise: number) =>
    ({ id: name, slug: name, name, speciality, feePaise }) as never;
  const list = [doctor("Dr. Asha Rao", "Cardiologist", 90_000), doctor("Dr. Åsa Öberg", "Dermatologist", 40_000)];

  it("matches names without the title, case or accents", () => {
    const names = (q: string) =>
      filterDoctors(list, { q, speciality: null, minFeePaise: null, maxFeePaise: null }).map(
        (d: { name: string }) => d.name,
      );
    expect(names("asha")).toEqual(["Dr. Asha Rao"]);
    expect(names("asa ob")).toEqual(["Dr. Åsa Öberg"]);
    expect(names("dr. asha")).toEqual(["Dr. Asha Rao"]);
  });

  it("keeps fees inside inclusive bounds in paise and narrows by speciality", () => {
    expect(filterDoctors(list, { q: "", speciality: null, minFeePaise: 40_000, maxFeePaise: 40_000 })).toHaveLength(1);
    expect(
      filterDoctors(list, { q: "", speciality: "Cardiologist", minFeePaise: null, maxFeePaise: 50_000 }),
    ).toHaveLength(0);
  });
});

describe("calendar file", () => {
  it("writes a VEVENT with UTC times, escaped text and CRLF lines folded at 75 octets", () => {
    const ics = buildIcs({
      uid: "apt.doc_x.abc@prescripto",
      start: "2026-12-03T04:30:00.000Z",
      end: "2026-12-03T05:00:00.000Z",
      title: "Appointment with Dr. Rao; cardiology, follow-up",
      location: `${"12 MG Road, ".repeat(8)}Bengaluru`,
      now: "2026-11-30T00:00:00.000Z",
    });
    expect(ics).toContain("DTSTART:20261203T043000Z\r\n");
    expect(ics).toContain("DTEND:20261203T050000Z\r\n");
    expect(ics).toContain("SUMMARY:Appointment with Dr. Rao\\; cardiology\\, follow-up\r\n");
    for (const line of ics.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n /g, "")).toContain(`LOCATION:${"12 MG Road\\, ".repeat(8)}Bengaluru`);
  });
});

describe("session claims", () => {
  const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.s`;

  it("reads the account and role the UI needs, and the expiry from expiresIn", () => {
    expect(sessionFromToken(jwt({ sub: "usr_1", role: "patient" }), 900, 1_000)).toEqual({
      accessToken: jwt({ sub: "usr_1", role: "patient" }),
      expiresAt: 901_000,
      accountId: "usr_1",
      role: "patient",
    });
  });

  it("refuses a token without a known role or subject", () => {
    expect(sessionFromToken(jwt({ sub: "x", role: "root" }), 900, 0)).toBeNull();
    expect(sessionFromToken("not-a-jwt", 900, 0)).toBeNull();
  });
});

describe("my appointments merge", () => {
  it("shows this tab's newer version over the system of record's, and says it is still catching up", async () => {
    const { mergeRecent, remember } = await import("../../web/src/queries/appointments");
    const base = { id: "apt.doc_x.aaaaaaaaaaaaaaaa", status: "booked", version: 1 } as never as Parameters<
      typeof remember
    >[0];
    const cancelled = { ...base, status: "cancelled" as const, version: 2 };
    remember(cancelled);
    expect(mergeRecent([base])).toEqual({ appointments: [cancelled], pending: true });
    // Once MongoDB has it, nothing is pending and its copy is used.
    const synced = { ...cancelled };
    expect(mergeRecent([synced])).toEqual({ appointments: [synced], pending: false });
    // A newer change made elsewhere (e.g. by the doctor) is not hidden by this tab's older one.
    const completed = { ...base, status: "completed" as const, version: 3 };
    expect(mergeRecent([completed]).appointments[0]?.status).toBe("completed");
  });
});
