import type { TestProject } from "vitest/node";
import { workerGlobalSetup } from "../support/worker-setup.ts";
import { ensureFuzzVenv } from "./venv.ts";

declare module "vitest" {
  export interface ProvidedContext {
    schemathesis: string;
  }
}

const startWorker = workerGlobalSetup("fuzz");

/** The venv with schemathesis, then the layer's worker on a freshly seeded database of its own. */
export default async function setup(project: TestProject) {
  project.provide(
    "schemathesis",
    ensureFuzzVenv((m) => console.log(`[fuzz] ${m}`)),
  );
  return startWorker(project);
}
