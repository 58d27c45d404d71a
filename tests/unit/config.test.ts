import { describe, expect, it } from "vitest";
import { loadConfig } from "../../worker/kernel/config.ts";
import { fakeEnv } from "../support/fake-env.ts";

describe("loadConfig", () => {
  it("parses a complete environment, coercing numbers and turning an empty DSN into off", () => {
    const result = loadConfig(fakeEnv());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.MAX_BODY_BYTES).toBe(2048);
    expect(result.config.MONGO_GATEWAY_SHARDS).toBe(2);
    expect(result.config.SENTRY_DSN).toBeUndefined();
  });

  it("names each missing or invalid setting", () => {
    const result = loadConfig(
      fakeEnv({ MONGODB_URI: undefined, UPSTASH_REDIS_REST_URL: "not a url", MONGO_GATEWAY_SHARDS: "0" }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.setting).sort()).toEqual([
      "MONGODB_URI",
      "MONGO_GATEWAY_SHARDS",
      "UPSTASH_REDIS_REST_URL",
    ]);
  });

  it("rejects a MongoDB URI of another scheme", () => {
    const result = loadConfig(fakeEnv({ MONGODB_URI: "postgres://db" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ setting: "MONGODB_URI", message: expect.stringContaining("mongodb://") });
  });

  it("accepts a mongodb+srv URI as used by Atlas", () => {
    expect(loadConfig(fakeEnv({ MONGODB_URI: "mongodb+srv://user:pw@cluster0.example.net/" })).ok).toBe(true);
  });
});
