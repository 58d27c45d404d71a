import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MongoConnection, outageInStorage } from "../../durable-objects/mongo-gateway/mongo-connection.ts";
import type { MongoGateway } from "../../durable-objects/mongo-gateway/mongo-gateway.ts";
import { requireConfig } from "../../worker/kernel/config.ts";
import { createLogger } from "../../worker/kernel/lib/logger.ts";

/** Nothing listens on port 1 of loopback: every call fails to connect at once. */
const DOWN = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300";

describe("MongoConnection outage log", () => {
  it("warns once per outage even when the object's instance is replaced in the middle of it", async () => {
    const stub = env.MONGO_GATEWAY.get(env.MONGO_GATEWAY.idFromName("outage-log"));
    const lines = await runInDurableObject(stub, async (_instance: MongoGateway, state) => {
      const seen: { msg: string }[] = [];
      const config = { ...requireConfig(env), MONGODB_URI: DOWN };
      // Two connections over the same storage stand for the instance before and after eviction.
      const connection = () =>
        new MongoConnection({
          config,
          log: createLogger({ level: "debug", sink: (l) => seen.push(JSON.parse(l)) }),
          waitUntil: (p) => state.waitUntil(p),
          outage: outageInStorage(state.storage.kv),
        });
      const before = connection();
      expect((await before.run((db) => db.command({ ping: 1 }))).ok).toBe(false);
      expect((await before.run((db) => db.command({ ping: 1 }))).ok).toBe(false);
      const after = connection();
      expect((await after.run((db) => db.command({ ping: 1 }))).ok).toBe(false);
      return seen.map((l) => l.msg);
    });
    expect(lines.filter((m) => m === "mongodb unavailable")).toHaveLength(1);
    expect(lines.filter((m) => m === "mongodb still unavailable")).toHaveLength(2);
  });
});
