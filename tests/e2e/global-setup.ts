import { workerGlobalSetup } from "../support/worker-setup.ts";

export default workerGlobalSetup("e2e");
