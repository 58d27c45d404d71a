import { focusRing } from "./focusRing";

interface Props {
  specialities: string[];
  selected: string | null;
  onSelect: (speciality: string | null) => void;
}

/** "All" plus one toggle button per speciality; the selected one has aria-pressed="true". */
export function SpecialityFilter({ specialities, selected, onSelect }: Props) {
  // A shared link may name a speciality the API doesn't list (yet); still show it as selected.
  const options = selected && !specialities.includes(selected) ? [...specialities, selected] : specialities;

  return (
    <fieldset data-testid="speciality-filter" className="min-w-0">
      <legend className="sr-only">Filter by speciality</legend>
      <div className="flex flex-wrap gap-2">
        <Chip label="All" pressed={selected === null} onClick={() => onSelect(null)} />
        {options.map((speciality) => (
          <Chip
            key={speciality}
            label={speciality}
            pressed={selected === speciality}
            onClick={() => onSelect(speciality)}
          />
        ))}
      </div>
    </fieldset>
  );
}

function Chip({ label, pressed, onClick }: { label: string; pressed: boolean; onClick: () => void }) {
  const look = pressed
    ? "bg-indigo-600 text-white shadow-sm ring-indigo-600 hover:bg-indigo-700"
    : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50 hover:text-slate-900";
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={`rounded-full px-4 py-2 text-sm font-medium ring-1 ring-inset transition-colors ${look} ${focusRing}`}
    >
      {label}
    </button>
  );
}
