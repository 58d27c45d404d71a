import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { adminDirectory } from "../../kernel/auth/admins.ts";
import {
  Email,
  isPersonalPassword,
  PASSWORD_MAX_LENGTH,
  Password,
  refusePersonalPassword,
} from "../../kernel/auth/password-policy.ts";
import { dummyVerify, hashPassword, verifyPassword } from "../../kernel/auth/passwords.ts";
import { loadPrincipal, principalOfUser } from "../../kernel/auth/principals.ts";
import { accountOfRefreshToken, hashRefreshToken } from "../../kernel/auth/refresh-token.ts";
import { forgetAccount, forgetSession } from "../../kernel/auth/session-check.ts";
import { type Principal, tokenPair } from "../../kernel/auth/token-pair.ts";
import { accountSessions } from "../../kernel/clients/account-sessions.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { isWellFormedText } from "../../kernel/domain/text.ts";
import { IanaTimeZone } from "../../kernel/domain/time-zone.ts";
import { newUserId, PersonName, Phone, toProfile, type UserRecord } from "../../kernel/domain/user.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { accountKey, clientIpKey, enforceRateLimit, rateLimit } from "../middleware/rate-limit.ts";
import { clearRefreshCookie, refreshTokenFromCookie, setRefreshCookie } from "../middleware/refresh-cookie.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, errorResponses, idempotencyErrors } from "../openapi/errors.ts";
import { IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";
import { ProfileView, TokenPairView } from "../openapi/views.ts";
import type { AppEnv } from "../types.ts";

const RegisterBody = z
  .strictObject({
    name: PersonName,
    email: Email,
    password: Password,
    phone: Phone.optional(),
    timeZone: IanaTimeZone.optional(),
  })
  .superRefine(refusePersonalPassword());

// Sign-in does not apply the policy for new passwords (older ones may predate it), only the bound
// that keeps the KDF's input small.
const AnyPassword = z
  .string({ error: "is required" })
  .refine(isWellFormedText, "must be valid Unicode text (no lone surrogates)")
  .min(1, "is required")
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

const LoginBody = z.strictObject({ email: Email, password: AnyPassword });
// Optional: the web app sends none and the pe_rt cookie carries it instead.
const RefreshBody = z.strictObject({ refreshToken: z.string().max(200).optional() });
const LogoutBody = z.strictObject({ everywhere: z.boolean().default(false) }).default({ everywhere: false });
const ChangePasswordBody = z
  .strictObject({ currentPassword: AnyPassword, newPassword: Password })
  .refine((b) => b.newPassword !== b.currentPassword, {
    path: ["newPassword"],
    message: "must differ from the current password",
  });

const noStore = { "Cache-Control": "no-store" };

const Account = z.object({
  id: z.string(),
  role: z.enum(["patient", "doctor", "admin"]),
  doctorId: z.string().optional(),
});
const limited = errorResponses(429);
const perIp = rateLimit("authIp", clientIpKey);

const register = createRoute({
  method: "post",
  path: "/register",
  tags: ["auth"],
  // Per client IP before anything else; per account once the body says which.
  middleware: [perIp] as const,
  summary: "Register a patient account and sign in",
  request: { body: jsonBody(RegisterBody) },
  responses: {
    201: json(TokenPairView.extend({ user: ProfileView }), "Registered and signed in"),
    ...commonErrors,
    ...errorResponses(409),
    ...limited,
  },
});
const login = createRoute({
  method: "post",
  path: "/login",
  tags: ["auth"],
  // Per client IP before anything else; per account once the body says which.
  middleware: [perIp] as const,
  summary: "Sign in (admins, doctors, patients)",
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: json(TokenPairView.extend({ account: Account }), "Signed in"),
    ...commonErrors,
    ...errorResponses(401),
    ...limited,
  },
});
const refresh = createRoute({
  method: "post",
  path: "/refresh",
  tags: ["auth"],
  // Per client IP before anything else; per account once the body says which.
  middleware: [perIp] as const,
  summary: "Rotate the refresh token for a new token pair",
  description:
    "The refresh token comes from the body or, when the body has none, from the pe_rt cookie " +
    "(then the X-Requested-With header is required). The new refresh token is set as the cookie too.",
  request: { body: { ...jsonBody(RefreshBody), required: false } },
  responses: {
    200: json(TokenPairView, "A new pair"),
    ...commonErrors,
    ...errorResponses(401, 403),
    ...limited,
  },
});
const logout = createRoute({
  method: "post",
  path: "/logout",
  tags: ["auth"],
  summary: "End this session (or every session)",
  security: bearer,
  middleware: [requireRole("patient", "doctor", "admin"), idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: { ...jsonBody(LogoutBody), required: false } },
  responses: { 204: { description: "Signed out" }, ...commonErrors, ...authErrors, ...idempotencyErrors },
});
const changePassword = createRoute({
  method: "post",
  path: "/password",
  tags: ["auth"],
  summary: "Change the password; every other session ends",
  security: bearer,
  middleware: [requireRole("patient", "doctor"), idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(ChangePasswordBody) },
  responses: {
    204: { description: "Changed" },
    ...commonErrors,
    ...authErrors,
    ...idempotencyErrors,
    ...limited,
  },
});

/** One answer for every failed sign-in, whether or not the email has an account. */
const badCredentials = () => new AppError("INVALID_CREDENTIALS", "The email or password is incorrect");
const badRefresh = () =>
  new AppError("UNAUTHENTICATED", "The refresh token is invalid, expired or revoked; sign in again");

/**
 * Accounts: patients register; everyone signs in (admins from configuration, patients and doctors
 * from MongoDB); refresh rotates the refresh token; logout revokes the session. Register, login and
 * refresh are rate limited per client IP (before anything else) and per account (once the body
 * says which).
 */
export const authRoutes = routeApp()
  .openapi(register, async (c) => {
    const body = c.req.valid("json");
    await enforceRateLimit(c, "authAccount", await accountKey(body.email));
    const config = c.get("config");
    const now = new Date();
    const user: UserRecord = {
      _id: newUserId(),
      email: body.email,
      name: body.name,
      phone: body.phone ?? null,
      timeZone: body.timeZone ?? null,
      role: "patient",
      passwordHash: await hashPassword(body.password, config.PASSWORD_KDF_ITERATIONS),
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    const created = unwrap(await mongoGateway(c.env, config, user._id).createUser(user));
    if (!("created" in created)) {
      throw new AppError("EMAIL_TAKEN", "An account with this email already exists", {
        fields: [{ path: "email", message: "is already registered" }],
      });
    }
    const tokens = await signIn(c, { id: user._id, role: "patient" });
    c.get("log").info("patient registered", { userId: user._id });
    return c.json({ user: toProfile(user), ...tokens }, 201, { ...noStore, Location: "/api/v1/me/profile" });
  })
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    await enforceRateLimit(c, "authAccount", await accountKey(email));
    const config = c.get("config");
    const iterations = config.PASSWORD_KDF_ITERATIONS;
    // Looked up in both places whatever the email, so timing does not tell admins from others.
    const [directory, found] = await Promise.all([
      adminDirectory(config.ADMIN_ACCOUNTS),
      mongoGateway(c.env, config, email).findUserByEmail(email),
    ]);
    const admin = directory.byEmail(email);
    // Admins do not depend on MongoDB: operators can still sign in while it is down.
    const user = admin ? null : unwrap(found);
    const account = admin ?? user;
    if (!account) {
      await dummyVerify(password, iterations);
      throw badCredentials();
    }
    const check = await verifyPassword(password, account.passwordHash, iterations);
    if (!check.ok) throw badCredentials();

    let principal: Principal | null;
    if (admin) {
      principal = { id: admin.id, role: "admin" };
      if (check.needsRehash) c.get("log").warn("an admin's password hash is below the configured cost; re-hash it");
    } else {
      const stored = user as UserRecord;
      principal = principalOfUser(stored);
      if (check.needsRehash) rehashLater(c, stored._id, password);
    }
    if (!principal) throw badCredentials();
    const who = {
      id: principal.id,
      role: principal.role,
      ...(principal.doctorId ? { doctorId: principal.doctorId } : {}),
    };
    return c.json({ ...(await signIn(c, principal)), account: who }, 200, noStore);
  })
  .openapi(refresh, async (c) => {
    const refreshToken = c.req.valid("json").refreshToken ?? refreshTokenFromCookie(c);
    if (refreshToken === undefined) {
      throw new AppError("VALIDATION_FAILED", "The request body is invalid; see fields", {
        fields: [{ path: "refreshToken", message: "is required" }],
      });
    }
    const accountId = accountOfRefreshToken(refreshToken);
    if (!accountId) throw badRefresh();
    await enforceRateLimit(c, "authAccount", `refresh:${accountId}`);
    const config = c.get("config");
    const sessions = accountSessions(c.env, accountId);
    const rotated = await sessions.rotate(
      accountId,
      await hashRefreshToken(refreshToken),
      config.REFRESH_TOKEN_TTL_SECONDS,
    );
    if (!rotated.ok) {
      if (rotated.reason === "reused") {
        forgetSession(accountId, rotated.sessionId);
        c.get("log").warn("refresh token reused; its session was revoked", { accountId });
      }
      throw badRefresh();
    }
    const principal = await loadPrincipal(c.env, config, accountId);
    if (!principal) {
      await sessions.revoke(rotated.sessionId, "deleted");
      forgetSession(accountId, rotated.sessionId);
      throw badRefresh();
    }
    const pair = await tokenPair(config, principal, rotated);
    setRefreshCookie(c, pair);
    return c.json(pair, 200, noStore);
  })
  .openapi(logout, async (c) => {
    const caller = c.get("caller");
    const sessions = accountSessions(c.env, caller.id);
    if (LogoutBody.parse(c.req.valid("json")).everywhere) {
      await sessions.revokeAll("logout_all");
      forgetAccount(caller.id);
    } else if (caller.sessionId) {
      await sessions.revoke(caller.sessionId, "logout");
      forgetSession(caller.id, caller.sessionId);
    }
    clearRefreshCookie(c);
    return c.body(null, 204, noStore);
  })
  .openapi(changePassword, async (c) => {
    const caller = c.get("caller");
    const body = c.req.valid("json");
    await enforceRateLimit(c, "authAccount", `password:${caller.id}`);
    const config = c.get("config");
    const gateway = mongoGateway(c.env, config, caller.id);
    const user = unwrap(await gateway.findUserById(caller.id));
    if (!user || user.deletedAt) throw new AppError("NOT_FOUND", "Account not found");
    if (!(await verifyPassword(body.currentPassword, user.passwordHash, config.PASSWORD_KDF_ITERATIONS)).ok) {
      throw new AppError("VALIDATION_FAILED", "The request body is invalid; see fields", {
        fields: [{ path: "currentPassword", message: "is incorrect" }],
      });
    }
    if (isPersonalPassword(body.newPassword, user)) {
      throw new AppError("VALIDATION_FAILED", "The request body is invalid; see fields", {
        fields: [{ path: "newPassword", message: "must not be your email address or name" }],
      });
    }
    const passwordHash = await hashPassword(body.newPassword, config.PASSWORD_KDF_ITERATIONS);
    if (!unwrap(await gateway.updateUser(caller.id, { passwordHash }))) {
      throw new AppError("NOT_FOUND", "Account not found");
    }
    // Every other sign-in ends; this one goes on.
    await accountSessions(c.env, caller.id).revokeAll("password_change", caller.sessionId);
    forgetAccount(caller.id);
    return c.body(null, 204, noStore);
  });

/** Opens a session for the principal and mints its first token pair. */
async function signIn(c: Context<AppEnv>, principal: Principal) {
  const config = c.get("config");
  const session = await accountSessions(c.env, principal.id).open(principal.id, config.REFRESH_TOKEN_TTL_SECONDS);
  if (!session.ok) throw badCredentials();
  const pair = await tokenPair(config, principal, session);
  setRefreshCookie(c, pair);
  return pair;
}

/** A hash made at an older, cheaper cost is replaced after a successful sign-in (off the response path). */
function rehashLater(c: Context<AppEnv>, userId: string, password: string): void {
  const config = c.get("config");
  const log = c.get("log");
  c.executionCtx.waitUntil(
    (async () => {
      const passwordHash = await hashPassword(password, config.PASSWORD_KDF_ITERATIONS);
      unwrap(await mongoGateway(c.env, config, userId).updateUser(userId, { passwordHash }));
    })().catch((error: unknown) => log.warn("password re-hash failed", { userId, error })),
  );
}
