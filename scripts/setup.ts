/**
 * Makes sure the native programs behind the local dev services exist:
 * redis-server, FerretDB (unless MONGODB_URI points at a real MongoDB) and, for e2e
 * tests, Chromium. Used by `npm start` and the test runner through ensureSystemDeps(),
 * and runnable by hand: `node scripts/setup.ts [--with-chromium]`.
 *
 * With everything present it prints nothing and takes some tens of milliseconds (one
 * `ferretdb --version`), so callers can invoke it unconditionally on every run.
 */
import { type ExecFileOptions, execFile } from "node:child_process";
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

export const FERRETDB_VERSION = "v1.24.2";
const FERRETDB_MODULE = "github.com/FerretDB/FerretDB";

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Project-local so it needs no root and never clashes with a system-wide FerretDB. */
export const FERRETDB_BIN = join(PROJECT_ROOT, ".data", "bin", "ferretdb");
const CHROMIUM_BIN = "/usr/bin/chromium";

export interface SystemDeps {
  redisServer: string;
  /** null when MONGODB_URI is set: the app then talks to that server instead. */
  ferretdb: string | null;
  chromium: string | null;
}

export interface EnsureSystemDepsOptions {
  chromium: boolean;
  log: (message: string) => void;
}

export async function ensureSystemDeps(opts: EnsureSystemDepsOptions): Promise<SystemDeps> {
  let redisServer = findRedisServer();
  let chromium = isExecutable(CHROMIUM_BIN) ? CHROMIUM_BIN : null;

  const aptPackages: string[] = [];
  if (redisServer === null) aptPackages.push("redis-server");
  if (opts.chromium && chromium === null) aptPackages.push("chromium");
  if (aptPackages.length > 0) {
    await aptInstall(aptPackages, opts.log);
    redisServer = findRedisServer();
    chromium = isExecutable(CHROMIUM_BIN) ? CHROMIUM_BIN : null;
    if (opts.chromium && chromium === null) {
      throw new Error(`${CHROMIUM_BIN} is still missing after installing the chromium package.`);
    }
  }

  if (redisServer === null) {
    throw new Error("redis-server is still missing after installing the redis-server package.");
  }

  const ferretdb = process.env.MONGODB_URI ? null : await ensureFerretDb(opts.log);
  return { redisServer, ferretdb, chromium };
}

/** Path of an installed redis-server, or null. Never installs anything. */
export function findRedisServer(): string | null {
  return findExecutable("redis-server", ["/usr/bin", "/usr/sbin", "/usr/local/bin"]);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Like `which`, plus fallback dirs: sbin is often not on a non-root PATH. */
function findExecutable(name: string, extraDirs: readonly string[] = []): string | null {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------------------
// apt (Debian/Ubuntu, as root only: we never sudo on someone's behalf)

let aptUpdated = false;

async function aptInstall(packages: string[], log: (message: string) => void): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  if (!existsSync("/etc/debian_version") || !isRoot) {
    throw new Error(missingPackagesMessage(packages, existsSync("/etc/debian_version")));
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // Parallel test workers may get here at the same time; wait for the dpkg lock
  // instead of failing on it.
  const lockWait = ["-o", "DPkg::Lock::Timeout=300"];
  if (!aptUpdated) {
    log("Running apt-get update...");
    await run("apt-get", [...lockWait, "update"], { env });
    aptUpdated = true;
  }
  log(`Installing ${packages.join(", ")} with apt-get (one-time)...`);
  await run("apt-get", [...lockWait, "install", "-y", "--no-install-recommends", ...packages], { env });
}

function missingPackagesMessage(packages: string[], debian: boolean): string {
  const what = packages.map((pkg) => (pkg === "redis-server" ? "redis-server" : CHROMIUM_BIN)).join(" and ");
  const how = debian
    ? `Install as root: apt-get install -y --no-install-recommends ${packages.join(" ")}`
    : `Install ${packages
        .map((pkg) =>
          pkg === "redis-server"
            ? "Redis so that redis-server is on PATH (macOS: brew install redis)"
            : `Chromium at ${CHROMIUM_BIN}`,
        )
        .join(", and ")}`;
  return `Missing ${what}, needed by the local dev services. ${how}, then re-run.`;
}

// ---------------------------------------------------------------------------
// FerretDB: built from source, since `go install` yields a binary that panics at
// startup (the module zip lacks build/version/version.txt, which FerretDB embeds).

async function ensureFerretDb(log: (message: string) => void): Promise<string> {
  if (await ferretDbVersionMatches(FERRETDB_BIN)) return FERRETDB_BIN;

  const go = findExecutable("go", ["/usr/local/go/bin"]);
  if (go === null) {
    throw new Error(
      `FerretDB ${FERRETDB_VERSION} is not built yet (${FERRETDB_BIN}) and Go is not installed to build it. ` +
        "Install Go 1.24 or newer (https://go.dev/dl/, or /usr/local/go/bin/go), " +
        "or set MONGODB_URI to use an existing MongoDB instead.",
    );
  }

  log(`Building FerretDB ${FERRETDB_VERSION} into ${FERRETDB_BIN} (one-time; can take a few minutes)...`);
  const moduleDir = await goModuleDir(go);
  const binDir = join(PROJECT_ROOT, ".data", "bin");
  mkdirSync(binDir, { recursive: true });
  // Work next to the target so the final rename is atomic (same filesystem): a
  // concurrent or interrupted build can never leave a half-written binary behind.
  const work = mkdtempSync(join(binDir, ".ferretdb-build-"));
  try {
    const src = join(work, "src");
    cpSync(moduleDir, src, { recursive: true });
    // The module cache is read-only (0444/0555), and we need to add a file.
    await run("chmod", ["-R", "u+w", src]);
    writeFileSync(join(src, "build", "version", "version.txt"), `${FERRETDB_VERSION}\n`);
    const output = join(work, "ferretdb");
    // GOWORK=off: an ambient go.work must not pull this build into someone's workspace.
    await run(go, ["build", "-o", output, "./cmd/ferretdb"], {
      cwd: src,
      // -buildvcs=false: the work dir sits inside this project's git checkout, whose
      // status Go would otherwise try (and possibly fail) to stamp into the binary.
      env: { ...process.env, GOWORK: "off", GOFLAGS: `${process.env.GOFLAGS ?? ""} -buildvcs=false`.trim() },
    });
    if (!(await ferretDbVersionMatches(output))) {
      throw new Error(`the freshly built FerretDB does not report version ${FERRETDB_VERSION}`);
    }
    renameSync(output, FERRETDB_BIN);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`FerretDB ${FERRETDB_VERSION} built.`);
  return FERRETDB_BIN;
}

async function ferretDbVersionMatches(bin: string): Promise<boolean> {
  if (!isExecutable(bin)) return false;
  try {
    const { stdout } = await run(bin, ["--version"], { timeout: 10_000 });
    return new RegExp(`^version:\\s*${FERRETDB_VERSION.replaceAll(".", "\\.")}\\s*$`, "m").test(stdout);
  } catch {
    return false;
  }
}

async function goModuleDir(go: string): Promise<string> {
  const { stdout } = await run(go, ["mod", "download", "-json", `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    // Outside any module on purpose, so the project's (absent) go.mod cannot interfere.
    cwd: PROJECT_ROOT,
    env: { ...process.env, GOWORK: "off", GO111MODULE: "on" },
  });
  const info = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (info.Error || !info.Dir) {
    throw new Error(
      `go mod download ${FERRETDB_MODULE}@${FERRETDB_VERSION} failed: ${info.Error ?? "no Dir in output"}`,
    );
  }
  return info.Dir;
}

// ---------------------------------------------------------------------------

function run(
  command: string,
  args: readonly string[],
  options: ExecFileOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, encoding: "utf8", ...options }, (error, stdout, stderr) => {
      if (error) {
        // The tail of the output is where apt/go explain what went wrong.
        const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-30).join("\n");
        const status = error.killed
          ? `killed (${error.signal ?? "timeout"})`
          : typeof error.code === "number"
            ? `exit code ${error.code}`
            : String(error.code ?? error.message);
        reject(new Error(`\`${command} ${args.join(" ")}\` failed (${status})${tail ? `:\n${tail}` : ""}`));
      } else {
        resolve({ stdout: String(stdout), stderr: String(stderr) });
      }
    });
  });
}

if (import.meta.main) {
  const withChromium = process.argv.includes("--with-chromium");
  try {
    const deps = await ensureSystemDeps({ chromium: withChromium, log: (message) => console.log(message) });
    console.log(`redis-server: ${deps.redisServer}`);
    console.log(`ferretdb:     ${deps.ferretdb ?? "(skipped: MONGODB_URI is set)"}`);
    console.log(`chromium:     ${deps.chromium ?? "(not installed; pass --with-chromium for e2e tests)"}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
