import { createRoute, z } from "@hono/zod-openapi";
import { PASSWORD_MAX_LENGTH } from "../../kernel/auth/password-policy.ts";
import { verifyPassword } from "../../kernel/auth/passwords.ts";
import { forgetAccount } from "../../kernel/auth/session-check.ts";
import { accountSessions } from "../../kernel/clients/account-sessions.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { APPOINTMENT_STATUSES } from "../../kernel/domain/appointment.ts";
import { IanaTimeZone } from "../../kernel/domain/time-zone.ts";
import { isDeleted, PersonName, Phone, toProfile } from "../../kernel/domain/user.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, idempotencyErrors } from "../openapi/errors.ts";
import { IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";
import { AppointmentView, ProfileView } from "../openapi/views.ts";

const AppointmentsQuery = z.object({
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** Only these can be changed here: the email (the account's key), role and password cannot. */
const ProfilePatch = z
  .strictObject({
    name: PersonName.optional(),
    phone: Phone.nullable().optional(),
    timeZone: IanaTimeZone.nullable().optional(),
  })
  .refine(
    (p) => p.name !== undefined || p.phone !== undefined || p.timeZone !== undefined,
    "must change at least one field",
  );

const DeleteBody = z.strictObject({
  password: z.string({ error: "is required" }).min(1, "is required").max(PASSWORD_MAX_LENGTH),
});

const patientOnly = requireRole("patient");
const errors = { ...commonErrors, ...authErrors };
const ProfileBody = z.object({ profile: ProfileView });
const notFound = () => new AppError("NOT_FOUND", "Account not found");

const appointments = createRoute({
  method: "get",
  path: "/appointments",
  tags: ["me"],
  summary: "The patient's own appointments across doctors (system of record: seconds behind)",
  security: bearer,
  middleware: [patientOnly] as const,
  request: { query: AppointmentsQuery },
  responses: {
    200: json(
      z.object({ appointments: z.array(AppointmentView), source: z.literal("system-of-record") }),
      "The appointments, newest first",
    ),
    ...errors,
  },
});

const profile = createRoute({
  method: "get",
  path: "/profile",
  tags: ["me"],
  summary: "The patient's own profile",
  security: bearer,
  middleware: [patientOnly] as const,
  responses: { 200: json(ProfileBody, "The profile"), ...errors },
});

const patchProfile = createRoute({
  method: "patch",
  path: "/profile",
  tags: ["me"],
  summary: "Change name or phone",
  security: bearer,
  middleware: [patientOnly, idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(ProfilePatch) },
  responses: { 200: json(ProfileBody, "The profile after the change"), ...errors, ...idempotencyErrors },
});

const remove = createRoute({
  method: "delete",
  path: "/",
  tags: ["me"],
  summary: "Delete the account (needs the password again)",
  security: bearer,
  middleware: [patientOnly, idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(DeleteBody) },
  responses: { 204: { description: "Deleted; every session ended" }, ...errors, ...idempotencyErrors },
});

/**
 * The signed-in patient: their appointments, their profile and the account's deletion. Every
 * route acts on the caller's id from the token; no route takes an account id, so there is nobody
 * else's to reach. Appointments are read from MongoDB, the system of record: the one store indexed
 * by patient (each DO only knows its own doctor), a few seconds behind the DOs. The body says so.
 */
export const meRoutes = routeApp()
  .openapi(appointments, async (c) => {
    const { status, limit } = c.req.valid("query");
    const caller = c.get("caller");
    const found = unwrap(
      await mongoGateway(c.env, c.get("config"), caller.id).listPatientAppointments(caller.id, {
        ...(status ? { status } : {}),
        limit,
      }),
    );
    return c.json({ appointments: found, source: "system-of-record" as const }, 200, {
      "Cache-Control": "private, no-store",
    });
  })
  .openapi(profile, async (c) => {
    const caller = c.get("caller");
    const user = unwrap(await mongoGateway(c.env, c.get("config"), caller.id).findUserById(caller.id));
    if (!user || isDeleted(user)) throw notFound();
    return c.json({ profile: toProfile(user) }, 200, { "Cache-Control": "private, no-store" });
  })
  .openapi(patchProfile, async (c) => {
    const caller = c.get("caller");
    const patch = c.req.valid("json");
    const updated = unwrap(
      await mongoGateway(c.env, c.get("config"), caller.id).updateUser(caller.id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
      }),
    );
    if (!updated) throw notFound();
    return c.json({ profile: toProfile(updated) }, 200, { "Cache-Control": "private, no-store" });
  })
  // Deleting the account needs the password again: a stolen access token alone cannot do it.
  .openapi(remove, async (c) => {
    const caller = c.get("caller");
    const config = c.get("config");
    const gateway = mongoGateway(c.env, config, caller.id);
    const user = unwrap(await gateway.findUserById(caller.id));
    if (!user) throw notFound();
    // An account already scrubbed (a retry after the revocation below failed) only needs finishing.
    if (!isDeleted(user)) {
      const check = await verifyPassword(
        c.req.valid("json").password,
        user.passwordHash,
        config.PASSWORD_KDF_ITERATIONS,
      );
      if (!check.ok) {
        throw new AppError("VALIDATION_FAILED", "The request body is invalid; see fields", {
          fields: [{ path: "password", message: "is incorrect" }],
        });
      }
      unwrap(await gateway.deleteUser(caller.id));
    }
    await accountSessions(c.env, caller.id).markDeleted(caller.id);
    forgetAccount(caller.id);
    c.get("log").info("account deleted", { userId: caller.id });
    return c.body(null, 204);
  });
