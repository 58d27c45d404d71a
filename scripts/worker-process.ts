import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertPortFree, freePort, LOOPBACK } from "./services/ports.ts";
import { type ManagedProcess, pruneOldFiles, spawnService, waitForHealthy } from "./services/process.ts";

export const PROJECT_ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

const SECRET_NAMES = new Set([
  "MONGODB_URI",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "AUTH_SIGNING_KEYS",
  "ADMIN_ACCOUNTS",
  "SENTRY_DSN",
  "EMAIL_API_KEY",
  "LINK_SIGNING_SECRET",
  "WEBHOOK_SECRETS_KEY",
  "RAZORPAY_KEY_SECRET",
  "RAZORPAY_WEBHOOK_SECRETS",
]);

/** wrangler's per-run debug files kept under <persistDir>/wrangler-logs (older ones are deleted). */
const WRANGLER_LOGS_KEPT = 3;

export interface WorkerProcess {
  url: string;
  proc: ManagedProcess;
  stop(): Promise<void>;
}

export interface StartWorkerOptions {
  /** Passed as `--var NAME:VALUE`; overrides wrangler.toml [vars] and stands in for secrets. */
  vars: Record<string, string>;
  /** Where workerd keeps Durable Object, Queue and cache state. */
  persistDir: string;
  logFile: string;
  port?: number;
  timeoutMs?: number;
}

/**
 * Runs the real Worker bundle in workerd through `wrangler dev` (the same path as `npm start`),
 * on loopback only, offline, and waits until it answers HTTP.
 */
export async function startWorker(opts: StartWorkerOptions): Promise<WorkerProcess> {
  const port = opts.port ?? (await freePort());
  // Otherwise the health wait below could be answered by whatever already holds the port.
  if (opts.port !== undefined) await assertPortFree(port, "stop it or pick another with PORT=…");
  const inspectorPort = await freePort();
  const args = [
    join(PROJECT_ROOT, "node_modules", "wrangler", "bin", "wrangler.js"),
    "dev",
    "--config",
    join(PROJECT_ROOT, "wrangler.toml"),
    "--ip",
    LOOPBACK,
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    opts.persistDir,
    "--show-interactive-dev-session=false",
    // "log", not "info": wrangler prints the Worker's console.log (our JSON lines) at level "log",
    // which "info" hides from stdout (they reached only wrangler's own debug file).
    "--log-level=log",
  ];
  // Secrets go through an env file readable only by us, not the command line (visible in `ps`).
  const secrets = Object.entries(opts.vars).filter(([name]) => SECRET_NAMES.has(name));
  if (secrets.length > 0) {
    mkdirSync(opts.persistDir, { recursive: true });
    const envFile = join(opts.persistDir, "worker-secrets.env");
    writeFileSync(envFile, secrets.map(([k, v]) => `${k}=${dotenvQuote(k, v)}`).join("\n"), { mode: 0o600 });
    args.push("--env-file", envFile);
  }
  for (const [name, value] of Object.entries(opts.vars)) {
    if (!SECRET_NAMES.has(name)) args.push("--var", `${name}:${value}`);
  }

  // wrangler writes a debug file per run there (every level, every request): keep the latest few.
  const wranglerLogs = join(opts.persistDir, "wrangler-logs");
  pruneOldFiles(wranglerLogs, WRANGLER_LOGS_KEPT);
  const proc = spawnService({
    name: "wrangler dev",
    command: process.execPath,
    args,
    logFile: opts.logFile,
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      // wrangler dev prefers secrets found in its environment over --env-file: drop ours from it, so
      // a worker's own values (another MongoDB, a broken URI) are the ones it gets.
      ...Object.fromEntries(secrets.map(([name]) => [name, undefined])),
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_LOG_PATH: wranglerLogs,
      NO_COLOR: "1",
      FORCE_COLOR: "0",
      CI: "true",
    },
  });
  const url = `http://${LOOPBACK}:${port}`;
  await waitForHealthy(
    proc,
    async () => {
      // Any HTTP answer (even 503) means workerd is serving; health content is the caller's concern.
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
    },
    { timeoutMs: opts.timeoutMs ?? 90_000, intervalMs: 300 },
  );
  return { url, proc, stop: () => proc.stop(5_000) };
}

/**
 * wrangler's env-file parser takes a single-quoted (or backquoted) value literally but does not
 * unescape \" inside double quotes, so JSON-valued secrets (signing keys, admin accounts) go in
 * single quotes. It then expands `$NAME` / `${NAME}` in every value, quoted or not (dotenv-expand),
 * which would eat the `$`-separated password hashes in ADMIN_ACCOUNTS (or a `$` in a database
 * password): every `$` is written as `\$`, which the expander turns back into `$`.
 */
function dotenvQuote(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`${name}: a secret for wrangler dev cannot contain a line break`);
  const escaped = value.replaceAll("$", "\\$");
  if (!escaped.includes("'")) return `'${escaped}'`;
  if (!escaped.includes("`")) return `\`${escaped}\``;
  throw new Error(`${name}: a secret for wrangler dev cannot contain both ' and \``);
}
