import { focusRing } from "./focusRing";

interface Props {
  speciality: string | null;
  onShowAll: () => void;
}

export function EmptyState({ speciality, onShowAll }: Props) {
  return (
    <div
      data-testid="empty-state"
      className="rounded-2xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center"
    >
      <p className="text-base font-semibold text-slate-900">
        {speciality ? `No doctors found for ${speciality}` : "No doctors found"}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {speciality ? "Try another speciality, or browse every doctor." : "Please check back soon."}
      </p>
      {speciality && (
        <button
          type="button"
          onClick={onShowAll}
          className={`mt-5 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 ${focusRing}`}
        >
          Show all doctors
        </button>
      )}
    </div>
  );
}
