import { builtinModules } from "node:module";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { requireServiceEnv } from "../support/service-env.ts";
import {
  TEST_AUDIENCE,
  TEST_ISSUER,
  TEST_WEBHOOK_SECRETS_KEY,
  testAdmin,
  testSigningKeys,
} from "../support/test-keys.ts";

const root = new URL("../..", import.meta.url).pathname;
const services = requireServiceEnv();
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

// Durable Object and queue code inside workerd (the workers test pool), against the real
// local MongoDB-wire server and Redis (through the Upstash bridge).
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: `${root}/wrangler.toml` },
      miniflare: {
        bindings: {
          APP_ENV: "test",
          MONGODB_URI: services.mongoUri,
          MONGODB_DB: "prescripto_test_workers",
          UPSTASH_REDIS_REST_URL: services.upstashUrl,
          UPSTASH_REDIS_REST_TOKEN: services.upstashToken,
          LOG_LEVEL: "warn",
          AUTH_SIGNING_KEYS: testSigningKeys(),
          ADMIN_ACCOUNTS: testAdmin().accounts,
          AUTH_ISSUER: TEST_ISSUER,
          AUTH_AUDIENCE: TEST_AUDIENCE,
          PAYMENTS_ENABLED: "true",
          RAZORPAY_API_BASE: services.razorpay.url,
          RAZORPAY_CHECKOUT_SCRIPT: `${services.razorpay.url}/v1/checkout.js`,
          RAZORPAY_KEY_ID: services.razorpay.keyId,
          RAZORPAY_KEY_SECRET: services.razorpay.keySecret,
          RAZORPAY_WEBHOOK_SECRETS: services.razorpay.webhookSecret,
          QUEUE_RETRY_MAX_DELAY_SECONDS: "2",
          OUTBOX_REDELIVERY_SECONDS: "5",
          RATE_LIMIT_AUTH_IP: "100000/1m",
          RATE_LIMIT_AUTH_ACCOUNT: "100000/1m",
          RATE_LIMIT_BOOKING: "100000/1m",
          EMAIL_API_BASE: services.mailUrl,
          EMAIL_API_KEY: "test-mail-key",
          LINK_SIGNING_SECRET: "test-link-signing-secret-0123456789abcdef",
          WEBHOOK_SECRETS_KEY: TEST_WEBHOOK_SECRETS_KEY,
          APP_BASE_URL: "https://app.prescripto.test",
        },
      },
    }),
  ],
  test: {
    name: "workers",
    root,
    include: ["tests/workers/**/*.test.ts"],
    testTimeout: 30_000,
    // One workerd for all files instead of one per file: most of this layer's time was start-up
    // and transform. Files use their own doctor ids and databases, so they do not meet.
    isolate: false,
    // The mongodb driver does not load in the workers pool as-is (bson self-require loop):
    // pre-bundle it with Vite's optimizer, Node built-ins left to nodejs_compat.
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: ["mongodb"],
          rolldownOptions: { platform: "node", external: (id: string) => nodeBuiltins.has(id) },
        },
      },
    },
  },
});
