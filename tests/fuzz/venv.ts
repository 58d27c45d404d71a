import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../scripts/worker-process.ts";

const VENV = join(PROJECT_ROOT, ".data", "fuzz-venv");
const REQUIREMENTS = join(PROJECT_ROOT, "tests", "fuzz", "requirements.txt");
const STAMP = join(VENV, ".requirements.sha256");

/**
 * Schemathesis from PyPI in a venv under .data, made from the pinned requirements; rebuilt only
 * when they change. Debian's python3 needs python3-venv for `-m venv`: without it, say so.
 */
export function ensureFuzzVenv(log: (m: string) => void): string {
  const wanted = createHash("sha256").update(readFileSync(REQUIREMENTS)).digest("hex");
  const st = join(VENV, "bin", "st");
  if (existsSync(st) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === wanted) return st;
  log("creating .data/fuzz-venv with schemathesis (tests/fuzz/requirements.txt)");
  rmSync(VENV, { recursive: true, force: true });
  try {
    execFileSync("python3", ["-m", "venv", VENV], { stdio: "inherit" });
  } catch (error) {
    throw new Error(`python3 -m venv failed (on Debian: apt-get install python3-venv): ${String(error)}`);
  }
  execFileSync(join(VENV, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS], {
    stdio: "inherit",
  });
  writeFileSync(STAMP, wanted);
  return st;
}
