import { adminDirectory } from "../../kernel/auth/admins.ts";
import { isPersonalPassword } from "../../kernel/auth/password-policy.ts";
import { dummyVerify, hashPassword, verifyPassword } from "../../kernel/auth/passwords.ts";
import { loadPrincipal, principalOfUser } from "../../kernel/auth/principals.ts";
import { accountOfRefreshToken, hashRefreshToken } from "../../kernel/auth/refresh-token.ts";
import { forgetAccount, forgetSession } from "../../kernel/auth/session-check.ts";
import { type Principal, tokenPair } from "../../kernel/auth/token-pair.ts";
import { accountSessions } from "../../kernel/clients/account-sessions.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { newUserId, toProfile, type UserRecord } from "../../kernel/domain/user.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { accountKey, enforceRateLimit } from "../middleware/rate-limit.ts";
import { clearRefreshCookie, refreshTokenFromCookie, setRefreshCookie } from "../middleware/refresh-cookie.ts";
import { routeApp } from "../openapi/route-app.ts";
import { changePassword, LogoutBody, login, logout, refresh, register } from "./auth.schemas.ts";
import { badCredentials, badRefresh, rehashLater, signIn } from "./auth.sign-in.ts";

const noStore = { "Cache-Control": "no-store" };

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
