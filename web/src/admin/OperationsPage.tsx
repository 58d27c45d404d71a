import { useDocumentTitle } from "../components/States";
import { pageTitle } from "../components/ui";
import { ClinicsPanel } from "./ClinicsPanel";
import { DeadLettersPanel } from "./DeadLettersPanel";

/** Clinics and their API keys, and the dead-letter queue. */
export default function OperationsPage() {
  useDocumentTitle("Operations");
  return (
    <div className="space-y-6">
      <h1 className={pageTitle}>Operations</h1>
      <ClinicsPanel />
      <DeadLettersPanel />
    </div>
  );
}
