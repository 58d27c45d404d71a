import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MongoClient } from "mongodb";
import { freePort, LOOPBACK } from "./ports.ts";
import { type ManagedProcess, reapOrphan, spawnService, waitForHealthy } from "./process.ts";

export interface FerretDbService {
  /** mongodb://127.0.0.1:<port>/ — no database name; the app picks it (MONGODB_DB). */
  uri: string;
  port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory (after stop()). */
  start(): Promise<void>;
  /** For fault tests: SIGSTOP, a stall rather than a refusal; resume() continues it. */
  pause(): void;
  resume(): void;
}

export interface StartFerretDbOptions {
  /** Path to the ferretdb binary (see ensureSystemDeps). */
  bin: string;
  dataDir: string;
  log: (message: string) => void;
  timeoutMs?: number;
}

/**
 * Runs FerretDB (MongoDB wire protocol over SQLite) on a free loopback port. Its data
 * lives in <dataDir>/ferretdb and survives restarts, so `npm start` keeps its database
 * while tests get isolation by passing a fresh temp dataDir.
 */
export async function startFerretDb(opts: StartFerretDbOptions): Promise<FerretDbService> {
  const root = join(opts.dataDir, "ferretdb");
  const sqliteDir = join(root, "sqlite");
  const stateDir = join(root, "state");
  mkdirSync(sqliteDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });

  // A file: URL (not a bare path) so spaces and other special characters survive
  // FerretDB's url.Parse; it insists on the trailing slash.
  const sqliteUrl = pathToFileURL(`${sqliteDir}/`).href;
  // Two servers on one SQLite directory would each trust their own metadata cache.
  const pidFile = join(root, "ferretdb.pid");
  await reapOrphan(pidFile, `--sqlite-url=${sqliteUrl}`, opts.log);

  const port = await freePort();
  const uri = `mongodb://${LOOPBACK}:${port}/`;

  const args = [
    "--handler=sqlite",
    `--sqlite-url=${sqliteUrl}`,
    `--listen-addr=${LOOPBACK}:${port}`,
    // "-" disables the debug/metrics HTTP listener, which would otherwise claim :8088
    // and collide between parallel instances.
    "--debug-addr=-",
    "--telemetry=disable",
    `--state-dir=${stateDir}`,
    "--log-level=WARN",
  ];

  // FerretDB reads FERRETDB_* variables as flag defaults; an inherited one (say,
  // FERRETDB_SETUP_USERNAME) would silently change behaviour, so drop them.
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("FERRETDB_")) env[key] = value as string | undefined;
  }

  let proc: ManagedProcess | null = null;
  let starting: Promise<void> = Promise.resolve();

  const start = (): Promise<void> => {
    // Already running (or still starting): share that outcome instead of spawning a
    // second server onto the same port and data directory.
    if (proc !== null && proc.exitReason === null) return starting;
    const current = spawnService({
      name: "ferretdb",
      command: opts.bin,
      args,
      env,
      logFile: join(opts.dataDir, "logs", "ferretdb.log"),
      pidFile,
    });
    proc = current;
    starting = waitForHealthy(current, () => pingMongo(uri), {
      timeoutMs: opts.timeoutMs ?? 30_000,
      intervalMs: 200,
    }).then(() => {
      opts.log(`ferretdb ready at ${uri} (pid ${current.pid}, data in ${root})`);
    });
    return starting;
  };

  const stop = async (): Promise<void> => {
    await proc?.stop();
  };

  await start();
  return { uri, port, start, stop, pause: () => proc?.pause(), resume: () => proc?.resume() };
}

async function pingMongo(uri: string): Promise<void> {
  // Short timeouts: the health loop does the retrying, and a probe that blocks for the
  // driver's default 30 s server selection would swallow the whole startup budget.
  const client = new MongoClient(uri, {
    directConnection: true,
    serverSelectionTimeoutMS: 1_000,
    connectTimeoutMS: 1_000,
    socketTimeoutMS: 2_000,
  });
  try {
    await client.connect();
    await client.db("admin").admin().command({ ping: 1 });
  } finally {
    await client.close();
  }
}
