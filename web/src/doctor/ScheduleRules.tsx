import { useId } from "react";
import { inputClass, labelClass } from "../components/ui";
import { hint, sectionTitle } from "./looks";
import type { ScheduleSettings } from "./schedule-types";

type NumberKey =
  | "slotMinutes"
  | "bufferMinutes"
  | "minNoticeMinutes"
  | "horizonDays"
  | "cancelNoticeMinutes"
  | "holdMinutes"
  | "maxHoldsPerPatient";

const NUMBERS: { key: NumberKey; label: string; help: string }[] = [
  { key: "slotMinutes", label: "Slot length (minutes)", help: "5 to 240." },
  { key: "bufferMinutes", label: "Buffer after each slot (minutes)", help: "A gap before the next slot starts." },
  { key: "minNoticeMinutes", label: "Minimum notice (minutes)", help: "No bookings sooner than this." },
  { key: "horizonDays", label: "Booking horizon (days)", help: "How far ahead patients can book." },
  {
    key: "cancelNoticeMinutes",
    label: "Cancellation notice (minutes)",
    help: "Patients cannot cancel later than this.",
  },
  { key: "holdMinutes", label: "Payment hold (minutes)", help: "How long an unpaid slot is kept." },
  { key: "maxHoldsPerPatient", label: "Unpaid holds per patient", help: "At your practice, at one time." },
];

type PolicyKey = "fullRefundHours" | "partialRefundHours" | "partialRefundPercent";
type RefundPolicy = ScheduleSettings["refundPolicy"];

const POLICY: { key: PolicyKey; label: string; help: string }[] = [
  { key: "fullRefundHours", label: "Full refund until (hours before)", help: "Cancelling earlier refunds all." },
  {
    key: "partialRefundHours",
    label: "Partial refund until (hours before)",
    help: "Not more than the full-refund hours.",
  },
  { key: "partialRefundPercent", label: "Partial refund (%)", help: "Later than that: no refund." },
];

/** One whole-number rule with its hint; an emptied field is NaN, which the schema names. */
function NumberField(props: { id: string; label: string; help: string; value: number; onChange: (v: number) => void }) {
  return (
    <div>
      <label htmlFor={props.id} className={labelClass}>
        {props.label}
      </label>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        className={`${inputClass} mt-1`}
        value={Number.isFinite(props.value) ? props.value : ""}
        aria-describedby={`${props.id}-h`}
        onChange={(e) => props.onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))}
      />
      <p id={`${props.id}-h`} className={hint}>
        {props.help}
      </p>
    </div>
  );
}

/** What a patient gets back, by how early they cancel (you or an admin cancelling always refunds all). */
function RefundPolicyFields({
  policy,
  onChange,
}: {
  policy: RefundPolicy;
  onChange: (p: Partial<ScheduleSettings>) => void;
}) {
  const id = useId();
  return (
    <fieldset className="grid gap-4 sm:grid-cols-3" aria-describedby={`${id}-h`}>
      <legend className="mb-1 text-sm font-semibold text-slate-900">Refund policy for patients' cancellations</legend>
      <p id={`${id}-h`} className={`${hint} sm:col-span-3`}>
        When you or an admin cancel, the patient always gets everything back.
      </p>
      {POLICY.map(({ key, label, help }) => (
        <NumberField
          key={key}
          id={`${id}-${key}`}
          label={label}
          help={help}
          value={policy[key]}
          onChange={(v) => onChange({ refundPolicy: { ...policy, [key]: v } })}
        />
      ))}
    </fieldset>
  );
}

const ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** Time zone, slot arithmetic, notice and policy numbers, fee and the accepting switch. */
export function ScheduleRules({
  draft,
  onChange,
}: {
  draft: ScheduleSettings;
  onChange: (p: Partial<ScheduleSettings>) => void;
}) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-t`} className="space-y-4">
      <h2 id={`${id}-t`} className={sectionTitle}>
        Booking rules
      </h2>
      <label className="flex items-center gap-3 text-sm font-medium text-slate-900">
        <input
          type="checkbox"
          className="size-5 accent-indigo-600"
          checked={draft.acceptingBookings}
          onChange={(e) => onChange({ acceptingBookings: e.target.checked })}
        />
        Accepting bookings
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-tz`} className={labelClass}>
            Time zone
          </label>
          <input
            id={`${id}-tz`}
            list={`${id}-zones`}
            className={`${inputClass} mt-1`}
            value={draft.timeZone}
            onChange={(e) => onChange({ timeZone: e.target.value })}
          />
          <datalist id={`${id}-zones`}>
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor={`${id}-fee`} className={labelClass}>
            Fee (₹)
          </label>
          <input
            id={`${id}-fee`}
            type="number"
            min={0}
            step="0.01"
            className={`${inputClass} mt-1`}
            value={draft.feePaise / 100}
            onChange={(e) => onChange({ feePaise: Math.round(Number(e.target.value) * 100) })}
          />
        </div>
        {NUMBERS.map(({ key, label, help }) => (
          <NumberField
            key={key}
            id={`${id}-${key}`}
            label={label}
            help={help}
            value={draft[key]}
            onChange={(v) => onChange({ [key]: v })}
          />
        ))}
      </div>
      <RefundPolicyFields policy={draft.refundPolicy} onChange={onChange} />
    </section>
  );
}
