import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isMainThread } from "node:worker_threads";

export interface SpawnServiceOptions {
  /** Short human name used in errors, e.g. "redis-server". */
  name: string;
  command: string;
  args: readonly string[];
  /** stdout and stderr are appended here; one file per service keeps failures debuggable. */
  logFile: string;
  /** Defaults to this process' environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /**
   * Holds the child's pid while it runs, so the next run can reap it with reapOrphan()
   * if this process died without cleaning up (SIGKILL, OOM).
   */
  pidFile?: string;
}

export interface ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  /** Set once the child has exited (or failed to spawn); describes how. */
  readonly exitReason: string | null;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Safe to call repeatedly. */
  stop(graceMs?: number): Promise<void>;
  /** Last lines of the log file, for error messages. */
  logTail(lines?: number): string;
  /** For fault tests: SIGSTOP (a stall: connections stay open, nothing answers) and SIGCONT. */
  pause(): void;
  resume(): void;
}

const DEFAULT_GRACE_MS = 10_000;
/** A service log past this size is moved to `<file>.1` (replacing the previous one) when the service starts. */
export const MAX_LOG_BYTES = 20 * 1024 * 1024;
const live = new Set<LiveChild>();
let exitHooksInstalled = false;

interface LiveChild {
  child: ChildProcess;
  signal(sig: NodeJS.Signals): void;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns a long-running service with its output appended to `logFile`.
 *
 * The child gets its own process group (detached) so that a Ctrl-C in the terminal
 * reaches only us: we then stop children in order and wait for them, instead of racing
 * them. It is unref'd so it never keeps the parent alive on its own; the exit hooks
 * below make sure it does not outlive the parent.
 */
export function spawnService(opts: SpawnServiceOptions): ManagedProcess {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  rotateLog(opts.logFile);
  const fd = openSync(opts.logFile, "a");
  const shown = [opts.command, ...opts.args].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg)));
  writeSync(fd, `\n=== ${new Date().toISOString()} starting: ${shown.join(" ")}\n`);

  let child: ChildProcess;
  try {
    child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", fd, fd],
      detached: true,
    });
  } finally {
    // The child holds its own duplicate of the descriptor.
    closeSync(fd);
  }
  child.unref();
  const pidFile = opts.pidFile;
  if (pidFile !== undefined && child.pid !== undefined) writeFileSync(pidFile, `${child.pid}\n`);

  let exitReason: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitReason = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    // Spawn failures (ENOENT, EACCES) arrive as 'error' without an 'exit'.
    child.once("error", (error) => {
      exitReason ??= `failed to start: ${error.message}`;
      resolve();
    });
  });

  const signal = (sig: NodeJS.Signals): void => {
    if (exitReason !== null || child.pid === undefined) return;
    try {
      // Negative pid = the whole process group, in case the service forked helpers.
      process.kill(-child.pid, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        // Already gone.
      }
    }
  };

  let stopping: Promise<void> | null = null;
  const stop = (graceMs = DEFAULT_GRACE_MS): Promise<void> => {
    stopping ??= (async () => {
      signal("SIGTERM");
      // A paused child would hold SIGTERM until continued.
      signal("SIGCONT");
      // The grace timer must keep the event loop alive (the child is unref'd), but be
      // cancelled once the child is gone, or callers' processes would linger for graceMs.
      const timer = new AbortController();
      const graceful = await Promise.race([
        exited.then(() => true),
        sleep(graceMs, false, { signal: timer.signal }).catch(() => false),
      ]);
      timer.abort();
      if (!graceful) {
        signal("SIGKILL");
        await exited;
      }
    })();
    return stopping;
  };

  const entry: LiveChild = { child, signal, stop };
  live.add(entry);
  void exited.then(() => {
    live.delete(entry);
    if (pidFile !== undefined && readPid(pidFile) === child.pid) rmSync(pidFile, { force: true });
  });
  installExitHooks();

  return {
    name: opts.name,
    logFile: opts.logFile,
    pid: child.pid,
    get exitReason() {
      return exitReason;
    },
    stop,
    logTail: (lines?: number) => readLogTail(opts.logFile, lines),
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
  };
}

/**
 * Polls `check` until it resolves. Fails fast if the process dies, and otherwise after
 * `timeoutMs`; both errors carry the tail of the service log, which is almost always
 * where the actual reason is (port in use, bad flag, corrupt data dir...).
 */
export async function waitForHealthy(
  proc: ManagedProcess,
  check: () => Promise<void>,
  opts: { timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (proc.exitReason !== null) {
      throw new Error(
        `${proc.name} ${proc.exitReason} during startup.\n` + `Last lines of ${proc.logFile}:\n${proc.logTail()}`,
      );
    }
    try {
      await check();
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      await proc.stop(2_000);
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(
        `${proc.name} did not become healthy within ${opts.timeoutMs} ms (last check: ${reason}).\n` +
          `Last lines of ${proc.logFile}:\n${proc.logTail()}`,
      );
    }
    await sleep(opts.intervalMs ?? 100);
  }
}

/**
 * Stops a service left running by an earlier run that was killed before it could clean
 * up, e.g. a FerretDB still holding the SQLite files we are about to open. The pid is
 * only trusted if that process' command line (Linux /proc) contains `marker`, so a
 * recycled pid belonging to something else is never touched; elsewhere this is a no-op.
 */
export async function reapOrphan(pidFile: string, marker: string, log: (message: string) => void): Promise<void> {
  const pid = readPid(pidFile);
  if (pid === null) return;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    rmSync(pidFile, { force: true });
    return;
  }
  if (!cmdline.includes(marker)) {
    rmSync(pidFile, { force: true });
    return;
  }
  log(`stopping orphaned process ${pid} from a previous run (${cmdline.trim()})`);
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  process.kill(pid, "SIGTERM");
  for (let waited = 0; alive() && waited < 5_000; waited += 100) await sleep(100);
  if (alive()) process.kill(pid, "SIGKILL");
  rmSync(pidFile, { force: true });
}

/**
 * Local logs are appended across runs (`npm start` keeps .data/dev): past `maxBytes` the file is
 * copied to `<file>.1` (replacing the previous one) and emptied, so at most two generations are
 * kept per service. Copy-and-truncate rather than rename so that it also works while a child is
 * writing: it appends (O_APPEND), so after the truncation it simply writes at the new end. A line
 * written between the copy and the truncation is lost; for local logs that is acceptable.
 */
export function rotateLog(file: string, maxBytes = MAX_LOG_BYTES): boolean {
  try {
    if (statSync(file).size <= maxBytes) return false;
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    return true;
  } catch {
    return false; // no log yet
  }
}

/** Deletes all but the `keep` most recently modified files directly in `dir` (missing dir: nothing). */
export function pruneOldFiles(dir: string, keep: number): void {
  let files: { path: string; mtime: number }[];
  try {
    files = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => ({ path: join(dir, e.name), mtime: statSync(join(dir, e.name)).mtimeMs }));
  } catch {
    return;
  }
  files.sort((a, b) => b.mtime - a.mtime);
  for (const f of files.slice(keep)) rmSync(f.path, { force: true });
}

function readPid(pidFile: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function readLogTail(file: string, lines = 40): string {
  try {
    // Only the end of the file matters, and dev logs can grow across many runs.
    const size = statSync(file).size;
    const length = Math.min(size, 16 * 1024);
    // Annotated because @cloudflare/workers-types (also in this tsconfig) types the global Buffer as any.
    const buffer: Buffer = Buffer.alloc(length);
    const fd = openSync(file, "r");
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    const text = buffer.toString("utf8").trimEnd();
    return text
      .split("\n")
      .slice(-lines)
      .map((line) => `  | ${line}`)
      .join("\n");
  } catch (error) {
    return `  (could not read log: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * Installed once per process. On a normal exit only synchronous work is possible, so
 * children just get SIGTERM (both redis-server and FerretDB shut down cleanly on it).
 * On SIGINT/SIGTERM/SIGHUP we stop them properly first; then, if nobody else listens
 * for that signal, we re-raise it so the process still dies the way the user expects.
 * If another listener exists (e.g. the start script), exiting is left to it.
 */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;

  process.once("exit", () => {
    for (const entry of live) entry.signal("SIGTERM");
  });

  // Signals are only delivered to the main thread; vitest may load us in a worker.
  if (!isMainThread) return;

  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = (): void => {
      const alone = process.listenerCount(sig) === 1;
      void Promise.allSettled([...live].map((entry) => entry.stop(5_000))).then(() => {
        if (alone) {
          process.removeListener(sig, onSignal);
          process.kill(process.pid, sig);
        }
      });
    };
    process.on(sig, onSignal);
  }
}
