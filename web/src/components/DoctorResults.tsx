import { formatDoctorCount } from "../format";
import type { DoctorsState } from "../useDoctors";
import { DoctorGrid } from "./DoctorGrid";
import { EmptyState } from "./EmptyState";
import { ErrorState } from "./ErrorState";
import { LoadingGrid } from "./LoadingGrid";

interface Props {
  state: DoctorsState;
  speciality: string | null;
  onRetry: () => void;
  onShowAll: () => void;
}

/** Loading / error / empty / list, with the results announced politely to screen readers. */
export function DoctorResults({ state, speciality, onRetry, onShowAll }: Props) {
  return (
    <>
      {state.status === "error" && <ErrorState error={state.error} onRetry={onRetry} />}
      <div data-testid="doctor-list" aria-live="polite" aria-busy={state.status === "loading"}>
        {state.status === "loading" && <LoadingGrid />}
        {state.status === "success" &&
          (state.doctors.length === 0 ? (
            <EmptyState speciality={speciality} onShowAll={onShowAll} />
          ) : (
            <>
              <p data-testid="result-count" className="mb-4 text-sm text-slate-600">
                {formatDoctorCount(state.doctors.length)}
                {speciality ? ` · ${speciality}` : ""}
              </p>
              <DoctorGrid doctors={state.doctors} />
            </>
          ))}
      </div>
    </>
  );
}
