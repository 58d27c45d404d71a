import { createRoute, z } from "@hono/zod-openapi";
import { Email, PASSWORD_MAX_LENGTH, Password, refusePersonalPassword } from "../../kernel/auth/password-policy.ts";
import { isWellFormedText } from "../../kernel/domain/text.ts";
import { IanaTimeZone } from "../../kernel/domain/time-zone.ts";
import { PersonName, Phone } from "../../kernel/domain/user.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { clientIpKey, rateLimit } from "../middleware/rate-limit.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, errorResponses, idempotencyErrors } from "../openapi/errors.ts";
import { IdempotencyHeaders } from "../openapi/params.ts";
import { ProfileView, TokenPairView } from "../openapi/views.ts";

// The auth routes' requests, answers and middleware (the handlers are in auth.routes.ts).

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
export const LogoutBody = z.strictObject({ everywhere: z.boolean().default(false) }).default({ everywhere: false });
const ChangePasswordBody = z
  .strictObject({ currentPassword: AnyPassword, newPassword: Password })
  .refine((b) => b.newPassword !== b.currentPassword, {
    path: ["newPassword"],
    message: "must differ from the current password",
  });

const Account = z.object({
  id: z.string(),
  role: z.enum(["patient", "doctor", "admin"]),
  doctorId: z.string().optional(),
});
const limited = errorResponses(429);
const perIp = rateLimit("authIp", clientIpKey);

export const register = createRoute({
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
export const login = createRoute({
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
export const refresh = createRoute({
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
export const logout = createRoute({
  method: "post",
  path: "/logout",
  tags: ["auth"],
  summary: "End this session (or every session)",
  security: bearer,
  middleware: [requireRole("patient", "doctor", "admin"), idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: { ...jsonBody(LogoutBody), required: false } },
  responses: { 204: { description: "Signed out" }, ...commonErrors, ...authErrors, ...idempotencyErrors },
});
export const changePassword = createRoute({
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
