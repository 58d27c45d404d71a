import { workerGlobalSetup } from "../support/worker-setup.ts";

// A part (INTEGRATION_PART, see vitest.config.ts) gets a shared worker and database of its own.
const part = process.env.INTEGRATION_PART;
export default workerGlobalSetup(part ? `integration_${part}` : "integration");
