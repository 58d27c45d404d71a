import { useId } from "react";
import { focusRing } from "./focusRing";

/** A segmented choice (radio buttons styled as tabs): one option always chosen, arrow keys move. */
export function PeriodPicker<T extends string>({
  legend,
  options,
  value,
  onChange,
}: {
  legend: string;
  options: readonly (readonly [T, string])[];
  value: T;
  onChange: (v: T) => void;
}) {
  const name = useId();
  return (
    <fieldset>
      <legend className="sr-only">{legend}</legend>
      <div className="inline-flex rounded-lg bg-slate-100 p-1 ring-1 ring-slate-200">
        {options.map(([v, label]) => (
          <label
            key={v}
            className={`cursor-pointer rounded-md px-3 py-1.5 text-sm font-semibold has-focus-visible:outline-2 has-focus-visible:outline-indigo-600 ${
              v === value ? "bg-white text-indigo-800 shadow-sm" : "text-slate-700 hover:text-slate-900"
            } ${focusRing}`}
          >
            <input
              type="radio"
              name={name}
              value={v}
              checked={v === value}
              onChange={() => onChange(v)}
              className="sr-only"
            />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
