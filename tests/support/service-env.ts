/**
 * The local services are started once by `npm test` (scripts/test.ts) and handed to each layer
 * through the environment. Running a layer's vitest directly needs them too.
 */
export interface ServiceEnv {
  mongoUri: string;
  upstashUrl: string;
  upstashToken: string;
  redisUrl: string;
  /** The email provider stand-in (scripts/services/mail-standin.ts). */
  mailUrl: string;
  runDir: string;
  /** The Razorpay stand-in (its REST base, Checkout script and /_control endpoints) and its keys. */
  razorpay: { url: string; keyId: string; keySecret: string; webhookSecret: string };
}

export function requireServiceEnv(): ServiceEnv {
  const env = process.env;
  const missing = [
    "MONGODB_URI",
    "UPSTASH_REDIS_REST_URL",
    "UPSTASH_REDIS_REST_TOKEN",
    "REDIS_URL",
    "MAIL_STANDIN_URL",
    "RAZORPAY_API_BASE",
    "RAZORPAY_KEY_ID",
    "RAZORPAY_KEY_SECRET",
    "RAZORPAY_WEBHOOK_SECRETS",
  ].filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.join(", ")}: run this layer through \`npm test -- <layer>\`, which starts the local services.`,
    );
  }
  return {
    mongoUri: env.MONGODB_URI as string,
    upstashUrl: env.UPSTASH_REDIS_REST_URL as string,
    upstashToken: env.UPSTASH_REDIS_REST_TOKEN as string,
    redisUrl: env.REDIS_URL as string,
    mailUrl: env.MAIL_STANDIN_URL as string,
    runDir: env.TEST_RUN_DIR ?? `${new URL("../..", import.meta.url).pathname}.data/test-run`,
    razorpay: {
      url: env.RAZORPAY_API_BASE as string,
      keyId: env.RAZORPAY_KEY_ID as string,
      keySecret: env.RAZORPAY_KEY_SECRET as string,
      webhookSecret: env.RAZORPAY_WEBHOOK_SECRETS as string,
    },
  };
}
