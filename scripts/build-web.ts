import { spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "./worker-process.ts";

/** Builds web/ to web/dist, the static assets the Worker serves. */
export async function buildWeb(log: (m: string) => void): Promise<void> {
  const t0 = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, "node_modules", "vite", "bin", "vite.js"),
        "build",
        "--config",
        "web/vite.config.ts",
        "--logLevel",
        "warn",
      ],
      { cwd: PROJECT_ROOT, stdio: "inherit" },
    );
    child.on("exit", (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`web build failed (exit ${code})`);
  log(`web built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
