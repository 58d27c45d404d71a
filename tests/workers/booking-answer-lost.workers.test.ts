import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Caller } from "../../worker/kernel/auth/caller.ts";
import { requireConfig } from "../../worker/kernel/config.ts";
import type { Deps } from "../../worker/kernel/deps.ts";
import { createLogger } from "../../worker/kernel/lib/logger.ts";
import { bookAppointment } from "../../worker/kernel/services/booking.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";

/**
 * Issue 10's fault: the Worker dies between the doctor's object booking and the answer reaching
 * the caller. The booking service runs here as the routes run it; only the stub's answer is lost.
 */
function deps(environment: Env): Deps {
  return {
    env: environment,
    config: requireConfig(environment),
    log: createLogger({ level: "warn" }),
    waitUntil: () => {},
  };
}

/** The real DoctorSchedule namespace, except that every book() answer is lost after the object booked. */
function answersLost(): Env {
  const real = env.DOCTOR_SCHEDULE;
  const namespace = {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = real.get(id);
      return new Proxy(stub, {
        get(target, prop) {
          if (prop !== "book") return Reflect.get(target, prop);
          return async (input: Parameters<typeof stub.book>[0]) => {
            await target.book(input);
            throw new Error("the Worker died after the doctor's object booked");
          };
        },
      });
    },
  };
  return { ...env, DOCTOR_SCHEDULE: namespace } as unknown as Env;
}

describe("a booking whose answer was lost", () => {
  it("is returned, not booked again, by the retry with the same Idempotency-Key", async () => {
    const doctorId = uniqueDoctorId("lost");
    const stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
    await stub.configure(doctorId, roundTheClock(), { waitForProfileMs: 0 });
    const caller: Caller = { role: "patient", id: "p_lost_answer" };
    const start = slotStart(3);
    const request = {
      doctorId,
      start,
      request: { scope: "patient:p_lost_answer", key: "key-lost-1", fingerprint: `POST /api/v1/appointments ${start}` },
    };

    await expect(bookAppointment(deps(answersLost()), caller, request)).rejects.toThrow(/died after/);
    const retried = await bookAppointment(deps(env), caller, request);

    expect(retried.replayed).toBe(true);
    expect(retried.appointment).toMatchObject({ doctorId, patientId: "p_lost_answer", start });
    const { appointments } = await stub.ledgerSnapshot();
    expect(appointments.filter((a) => a.patientId === "p_lost_answer")).toHaveLength(1);
    // The same key with another body still books nothing.
    await expect(
      bookAppointment(deps(env), caller, {
        ...request,
        start: slotStart(4),
        request: { ...request.request, fingerprint: "other" },
      }),
    ).rejects.toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
    expect((await stub.ledgerSnapshot()).appointments.filter((a) => a.patientId === "p_lost_answer")).toHaveLength(1);
  });
});
