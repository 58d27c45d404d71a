import { Hono } from "hono";
import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "../../kernel/auth/password-policy.ts";
import { verifyPassword } from "../../kernel/auth/passwords.ts";
import { forgetAccount } from "../../kernel/auth/session-check.ts";
import { accountSessions } from "../../kernel/clients/account-sessions.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { isDeleted, PersonName, Phone, toProfile } from "../../kernel/domain/user.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { requireRole } from "../middleware/auth.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

/** Only these can be changed here: the email (the account's key), role and password cannot. */
const ProfilePatch = z
  .strictObject({ name: PersonName.optional(), phone: Phone.nullable().optional() })
  .refine((p) => p.name !== undefined || p.phone !== undefined, "must change at least one field");

const DeleteBody = z.strictObject({
  password: z.string({ error: "is required" }).min(1, "is required").max(PASSWORD_MAX_LENGTH),
});

const privateNoStore = { "Cache-Control": "private, no-store" };
const notFound = () => new AppError("NOT_FOUND", "Account not found");

/**
 * The signed-in patient's own account: profile read and update, and deletion. Every route acts on
 * the caller's id from the token; no route takes an account id, so there is nobody else's to reach.
 */
export const profileRoutes = new Hono<AppEnv>()
  .get("/profile", requireRole("patient"), async (c) => {
    const caller = c.get("caller");
    const user = unwrap(await mongoGateway(c.env, c.get("config"), caller.id).findUserById(caller.id));
    if (!user || isDeleted(user)) throw notFound();
    return c.json({ profile: toProfile(user) }, 200, privateNoStore);
  })
  .patch("/profile", requireRole("patient"), validate("json", ProfilePatch), async (c) => {
    const caller = c.get("caller");
    const patch = c.req.valid("json");
    const updated = unwrap(
      await mongoGateway(c.env, c.get("config"), caller.id).updateUser(caller.id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      }),
    );
    if (!updated) throw notFound();
    return c.json({ profile: toProfile(updated) }, 200, privateNoStore);
  })
  // Deleting the account needs the password again: a stolen access token alone cannot do it.
  .delete("/", requireRole("patient"), validate("json", DeleteBody), async (c) => {
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
    return c.body(null, 204, privateNoStore);
  });
