import { z } from "zod";
import { decodeSecretsKey } from "./secret-box.ts";

const seconds = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Webhook settings, part of the Worker's configuration (config.ts). The retry window must be at
 * least 24 hours in staging and production (checked there); tests shorten it.
 */
export const WebhookSettings = {
  // Lets endpoints be http://127.0.0.1/localhost (npm start, tests). Refused in production.
  WEBHOOKS_ALLOW_LOOPBACK: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  WEBHOOK_RETRY_BASE_SECONDS: seconds(1, 3_600).default(30),
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: seconds(1, 43_200).default(7_200),
  WEBHOOK_RETRY_WINDOW_SECONDS: seconds(1, 7 * 86_400).default(86_400),
  WEBHOOK_TIMEOUT_MS: seconds(100, 30_000).default(10_000),
  // How long a rotated-out secret keeps signing alongside the new one.
  WEBHOOK_SECRET_OVERLAP_SECONDS: seconds(0, 7 * 86_400).default(86_400),
  // Encrypts endpoints' signing secrets at rest (secret-box.ts): base64 of 32 random bytes, or
  // `new,old[,…]` while rotating (the first encrypts, all decrypt). Required in staging and production.
  WEBHOOK_SECRETS_KEY: z
    .string()
    .refine(
      (v) => v.split(",").every((k) => decodeSecretsKey(k) !== null),
      "must be base64 of 32 bytes (comma-separated while rotating)",
    )
    .optional(),
};
