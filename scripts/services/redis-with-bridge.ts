import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { findRedisServer } from "../setup.ts";
import { type RedisService, startRedis } from "./redis.ts";
import { startUpstashBridge } from "./upstash-bridge.ts";

export interface RedisWithBridge {
  /** The Upstash REST URL and token a Worker is given. */
  upstashUrl: string;
  upstashToken: string;
  /** The Redis behind the bridge: stop/start (a refusal) and pause/resume (a stall) it. */
  redis: RedisService;
  close(): Promise<void>;
}

/**
 * A Redis of its own behind its own Upstash REST bridge, for fault tests and the fault bench: they
 * stop or pause this Redis without touching the one the other tests share. The bridge stays up
 * through the fault, as Upstash's endpoint would while its database is unreachable.
 */
export async function startRedisWithBridge(opts: {
  dataDir: string;
  /** Its folder under dataDir (default "redis-fault"). */
  name?: string;
  log?: (message: string) => void;
}): Promise<RedisWithBridge> {
  const log = opts.log ?? (() => undefined);
  const bin = findRedisServer();
  if (bin === null) throw new Error("redis-server is not installed (npm run setup)");
  const redis = await startRedis({ bin, dataDir: join(opts.dataDir, opts.name ?? "redis-fault"), log });
  const upstashToken = randomBytes(24).toString("base64url");
  try {
    const bridge = await startUpstashBridge({ redisUrl: redis.url, token: upstashToken, log });
    return {
      upstashUrl: bridge.url,
      upstashToken,
      redis,
      close: async () => {
        redis.resume();
        await bridge.close();
        await redis.stop();
      },
    };
  } catch (error) {
    await redis.stop();
    throw error;
  }
}
