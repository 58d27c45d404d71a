import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../scripts/worker-process.ts";

const VENV = join(PROJECT_ROOT, ".data", "fuzz-venv");
const REQUIREMENTS = join(PROJECT_ROOT, "tests", "fuzz", "requirements.txt");
const STAMP = join(VENV, ".requirements.sha256");
const ST = join(VENV, "bin", "st");
const PIP_ARGS = ["install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS];

const wantedStamp = () => createHash("sha256").update(readFileSync(REQUIREMENTS)).digest("hex");
const isReady = (wanted: string) => existsSync(ST) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === wanted;
const venvError = (error: unknown) =>
  new Error(`python3 -m venv failed (on Debian: apt-get install python3-venv): ${String(error)}`);

/**
 * Schemathesis from PyPI in a venv under .data, made from the pinned requirements; rebuilt only
 * when they change. Debian's python3 needs python3-venv for `-m venv`: without it, say so.
 */
export function ensureFuzzVenv(log: (m: string) => void): string {
  const wanted = wantedStamp();
  if (isReady(wanted)) return ST;
  log("creating .data/fuzz-venv with schemathesis (tests/fuzz/requirements.txt)");
  rmSync(VENV, { recursive: true, force: true });
  try {
    execFileSync("python3", ["-m", "venv", VENV], { stdio: "inherit" });
  } catch (error) {
    throw venvError(error);
  }
  execFileSync(join(VENV, "bin", "pip"), PIP_ARGS, { stdio: "inherit" });
  writeFileSync(STAMP, wanted);
  return ST;
}

/**
 * The same venv, made without blocking: `npm test` starts it first thing so pip's downloads
 * overlap the other layers instead of holding up the fuzz layer (its global setup then finds it ready).
 */
export async function prepareFuzzVenv(log: (m: string) => void): Promise<string> {
  const wanted = wantedStamp();
  if (isReady(wanted)) return ST;
  log("creating .data/fuzz-venv with schemathesis in the background (tests/fuzz/requirements.txt)");
  rmSync(VENV, { recursive: true, force: true });
  const run = promisify(execFile);
  try {
    await run("python3", ["-m", "venv", VENV]);
  } catch (error) {
    throw venvError(error);
  }
  await run(join(VENV, "bin", "pip"), PIP_ARGS, { maxBuffer: 16 * 1024 * 1024 });
  writeFileSync(STAMP, wanted);
  return ST;
}
