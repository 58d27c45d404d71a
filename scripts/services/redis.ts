import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort, LOOPBACK } from "./ports.ts";
import { spawnService, waitForHealthy } from "./process.ts";

export interface RedisService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Path to the redis-server binary (see ensureSystemDeps). */
  bin: string;
  dataDir: string;
  log: (message: string) => void;
  timeoutMs?: number;
}

/**
 * Starts a throwaway redis-server on a free loopback port. Persistence is disabled on
 * purpose: dev and test data in Redis is cache/rate-limit state that should not leak
 * between runs, and skipping RDB/AOF keeps shutdown instant.
 */
export async function startRedis(opts: StartRedisOptions): Promise<RedisService> {
  const dir = join(opts.dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const port = await freePort();

  const proc = spawnService({
    name: "redis-server",
    command: opts.bin,
    args: [
      "--port",
      String(port),
      "--bind",
      LOOPBACK,
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      "--daemonize",
      "no",
    ],
    logFile: join(opts.dataDir, "logs", "redis.log"),
  });

  await waitForHealthy(proc, () => pingRedis(port), { timeoutMs: opts.timeoutMs ?? 15_000 });
  const url = `redis://${LOOPBACK}:${port}`;
  opts.log(`redis-server ready at ${url} (pid ${proc.pid})`);
  return { url, port, stop: () => proc.stop() };
}

async function pingRedis(port: number): Promise<void> {
  // A fresh, non-retrying client per probe: the default client would silently queue the
  // PING and keep reconnecting, which hides the actual failure from the health loop.
  const client = new Redis({
    host: LOOPBACK,
    port,
    lazyConnect: true,
    connectTimeout: 1_000,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    protocol: 2,
    disableClientInfo: true,
  });
  // Connection errors are reported through the rejected promises below.
  client.on("error", () => {});
  try {
    await client.connect();
    const reply = await client.ping();
    if (reply !== "PONG") throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
  } finally {
    client.disconnect();
  }
}
