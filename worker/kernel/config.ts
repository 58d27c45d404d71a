import { z } from "zod";
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from "./auth/access-token.ts";
import { AdminAccounts } from "./auth/admins.ts";
import { PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS } from "./auth/passwords.ts";
import { SigningKeys } from "./auth/signing-keys.ts";
import { RateLimitSetting } from "./lib/rate-limit-spec.ts";
import { ReminderOffsetsSetting } from "./notifications/reminders.ts";
import { WebhookSettings } from "./webhooks/settings.ts";

/**
 * The Worker's configuration, parsed from `env` at the edge of every request (and of every
 * queue batch and Durable Object), so a missing or malformed setting is reported by name
 * instead of surfacing as a crash deep inside a handler.
 */
const intFromString = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** An origin exactly as browsers send it: scheme, host and port only, no path or trailing slash. */
const Origin = z
  .string()
  .refine((v) => URL.canParse(v) && new URL(v).origin === v, "must be an origin like https://app.example.com");

/** Comma-separated origins; empty means none. */
const OriginList = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(z.array(Origin));

export const ConfigSchema = z
  .object({
    APP_ENV: z.enum(["development", "test", "staging", "production"]),
    BUILD_VERSION: z.string().min(1),
    MONGODB_URI: z
      .string({ error: "is required" })
      .regex(/^mongodb(\+srv)?:\/\/\S+$/, "must be a mongodb:// or mongodb+srv:// connection string"),
    MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, "must be a database name"),
    MONGO_GATEWAY_SHARDS: intFromString(1, 1024),
    UPSTASH_REDIS_REST_URL: z.url({ error: "must be the Upstash REST URL (http(s)://…)" }),
    UPSTASH_REDIS_REST_TOKEN: z.string({ error: "is required" }).min(1, "is required"),
    MAX_BODY_BYTES: intFromString(1024, 10 * 1024 * 1024),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]),
    DOCTORS_CACHE_TTL_SECONDS: intFromString(1, 86_400),
    // Empty means Sentry is off.
    SENTRY_DSN: z
      .union([z.literal(""), z.url({ error: "must be a Sentry DSN URL or empty" })])
      .optional()
      .transform((v) => (v ? v : undefined)),
    SENTRY_ENVIRONMENT: z.string().min(1).default("development"),
    // Access tokens (worker/auth/): ES256 signing keys with rotation, issuer, audience, lifetimes.
    AUTH_SIGNING_KEYS: SigningKeys,
    AUTH_ISSUER: z.string().min(1).max(200),
    AUTH_AUDIENCE: z.string().min(1).max(200),
    ACCESS_TOKEN_TTL_SECONDS: intFromString(30, MAX_ACCESS_TOKEN_TTL_SECONDS),
    REFRESH_TOKEN_TTL_SECONDS: intFromString(3_600, 90 * 86_400),
    SESSION_CHECK_CACHE_SECONDS: intFromString(0, 60),
    // Administrators: only from here, never from code or the database.
    ADMIN_ACCOUNTS: AdminAccounts,
    // Largest doctor photo accepted (bytes); the upload routes' body limit.
    PHOTO_MAX_BYTES: intFromString(1024, 10 * 1024 * 1024),
    PAYMENTS_ENABLED: z.enum(["true", "false"]).transform((v) => v === "true"),
    // Razorpay (worker/kernel/payments/config.ts). Checked only when PAYMENTS_ENABLED: a gap here turns
    // payments off with a health error instead of failing every request.
    RAZORPAY_KEY_ID: z.string().trim().default(""),
    RAZORPAY_KEY_SECRET: z.string().default(""),
    // One or two comma-separated webhook secrets (two while rotating).
    RAZORPAY_WEBHOOK_SECRETS: z.string().default(""),
    RAZORPAY_API_BASE: z.string().trim().default("https://api.razorpay.com"),
    RAZORPAY_CHECKOUT_SCRIPT: z.string().trim().default("https://checkout.razorpay.com/v1/checkout.js"),
    // Unpaid holds one patient may keep at once, across all doctors.
    MAX_UNPAID_HOLDS_PER_PATIENT: intFromString(1, 20).default(2),
    SLOTS_CACHE_TTL_SECONDS: intFromString(1, 3_600),
    EDGE_CACHE_SECONDS: intFromString(0, 300),
    QUEUE_RETRY_MAX_DELAY_SECONDS: intFromString(1, 3_600),
    OUTBOX_REDELIVERY_SECONDS: intFromString(1, 86_400),
    // PBKDF2-SHA256 cost for new password hashes (worker/auth/passwords.ts); workerd caps it at 100,000.
    PASSWORD_KDF_ITERATIONS: intFromString(PBKDF2_MIN_ITERATIONS, PBKDF2_MAX_ITERATIONS),
    // Rate limits as "<count>/<window>" (worker/middleware/rate-limit.ts): auth routes per client IP
    // and per account, bookings per caller.
    RATE_LIMIT_AUTH_IP: RateLimitSetting,
    RATE_LIMIT_AUTH_ACCOUNT: RateLimitSetting,
    RATE_LIMIT_BOOKING: RateLimitSetting,
    // Each clinic API key's quota unless the key carries its own (worker/http/middleware/key-rate-limit.ts).
    RATE_LIMIT_API_KEY: z.preprocess((v) => v ?? "600/1m", RateLimitSetting),
    // Notifications (worker/kernel/notifications, queues/notifications.consumer.ts): the email
    // provider (Resend's REST API, or the local stand-in speaking it), the sender, the public
    // origin links point at, the key that signs them, and the reminder offsets.
    EMAIL_API_BASE: z
      .url({ error: "must be the email API base URL (https://api.resend.com)" })
      .default("https://api.resend.com"),
    EMAIL_API_KEY: z.string().min(1).optional(),
    EMAIL_FROM: z
      .string()
      .regex(/^[^<>@]*<[^<>\s@]+@[^<>\s@]+>$|^[^<>\s@]+@[^<>\s@]+$/, "must be an address or Name <address>")
      .default("Prescripto <appointments@prescripto.local>"),
    APP_BASE_URL: z.url({ error: "must be the public origin of the web app" }).default("http://127.0.0.1:8787"),
    LINK_SIGNING_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    REMINDER_OFFSETS: ReminderOffsetsSetting.prefault("24h,2h"),
    // Browser origins allowed to call the API cross-origin (CORS); empty = same-origin only.
    CORS_ORIGINS: OriginList,
    // Clinic webhooks (worker/kernel/webhooks, queues/webhooks.consumer.ts).
    ...WebhookSettings,
  })
  .superRefine((c, ctx) => {
    // Locally and in tests the stand-in needs no key and links may go unsigned; a deployment may not.
    if (c.APP_ENV !== "production" && c.APP_ENV !== "staging") return;
    for (const name of ["EMAIL_API_KEY", "LINK_SIGNING_SECRET", "WEBHOOK_SECRETS_KEY"] as const) {
      if (!c[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required in staging and production" });
    }
    if (c.WEBHOOKS_ALLOW_LOOPBACK) {
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOKS_ALLOW_LOOPBACK"],
        message: "must be false in staging and production",
      });
    }
    if (c.WEBHOOK_RETRY_WINDOW_SECONDS < 86_400) {
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_RETRY_WINDOW_SECONDS"],
        message: "must be at least 86400 (24 h) in staging and production",
      });
    }
  });

export type AppConfig = z.output<typeof ConfigSchema>;

export interface ConfigIssue {
  setting: string;
  message: string;
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; issues: ConfigIssue[] };

// `env` is the same object for every request an isolate serves: parse it once per object.
const cache = new WeakMap<object, ConfigResult>();

export function loadConfig(env: object): ConfigResult {
  const hit = cache.get(env);
  if (hit) return hit;
  const parsed = ConfigSchema.safeParse(env);
  const result: ConfigResult = parsed.success
    ? { ok: true, config: parsed.data }
    : {
        ok: false,
        issues: parsed.error.issues.map((i) => ({
          setting: String(i.path[0] ?? "(root)"),
          message: i.message,
        })),
      };
  cache.set(env, result);
  return result;
}

export function describeIssues(issues: ConfigIssue[]): string {
  return issues.map((i) => `${i.setting} ${i.message}`).join("; ");
}

/** For code paths with no HTTP response to shape (queues, Durable Objects): throw by name. */
export function requireConfig(env: object): AppConfig {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`Invalid configuration: ${describeIssues(result.issues)}`);
  return result.config;
}
