import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort, LOOPBACK } from "./ports.ts";
import { type ManagedProcess, spawnService, waitForHealthy } from "./process.ts";

export interface RedisService {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** For fault tests: starts it again on the same port after stop() (empty: no persistence). */
  start(): Promise<void>;
  /** For fault tests: SIGSTOP, a stall rather than a refusal; resume() continues it. */
  pause(): void;
  resume(): void;
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
  const url = `redis://${LOOPBACK}:${port}`;

  let proc: ManagedProcess | null = null;
  const start = async (): Promise<void> => {
    if (proc !== null && proc.exitReason === null) return;
    const current = spawnService({
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
    proc = current;
    await waitForHealthy(current, () => pingRedis(port), { timeoutMs: opts.timeoutMs ?? 15_000 });
    opts.log(`redis-server ready at ${url} (pid ${current.pid})`);
  };

  await start();
  return {
    url,
    port,
    start,
    stop: async () => proc?.stop(),
    pause: () => proc?.pause(),
    resume: () => proc?.resume(),
  };
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
