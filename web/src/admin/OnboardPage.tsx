import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, call, idempotencyKey } from "../api/client";
import { toApiError } from "../api/errors";
import { useDocumentTitle } from "../components/States";
import { buttonPrimary, card, inputClass, labelClass, pageTitle } from "../components/ui";
import type { ScheduleSettings } from "../doctor/schedule-types";
import { WeeklyHours } from "../doctor/WeeklyHours";
import { useNavigate } from "../router";

const nineToFive = [{ start: "09:00", end: "17:00" }];
const FIELDS = [
  ["name", "Full name (as patients see it)", "text"],
  ["email", "Sign-in email", "email"],
  ["password", "Initial password (10+ characters)", "password"],
  ["speciality", "Speciality", "text"],
  ["degree", "Degree", "text"],
  ["experienceYears", "Experience (years)", "number"],
  ["fee", "Fee (₹)", "number"],
  ["timeZone", "Time zone (IANA)", "text"],
  ["line1", "Address line 1", "text"],
  ["city", "City", "text"],
] as const;

/** The whole onboarding: profile, sign-in account and the initial weekly schedule, in one request. */
export default function OnboardPage() {
  useDocumentTitle("Onboard a doctor");
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [weekly, setWeekly] = useState<ScheduleSettings["weekly"]>({
    mon: nineToFive,
    tue: nineToFive,
    wed: nineToFive,
    thu: nineToFive,
    fri: nineToFive,
    sat: [],
    sun: [],
  });
  const [slotMinutes, setSlotMinutes] = useState(30);
  const onboard = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      call(
        api.POST("/api/v1/admin/doctors", {
          headers: { "Idempotency-Key": idempotencyKey() },
          body: body as never,
        }),
      ),
    onSuccess: (data) => {
      void queryClient.invalidateQueries({ queryKey: ["admin", "doctors"] });
      navigate(`/admin/doctors/${data.doctor.id}`);
    },
  });
  const error = onboard.isError ? toApiError(onboard.error) : null;
  const fieldError = (path: string) =>
    error?.fields.find((f) => f.path === path || f.path.endsWith(`.${path}`))?.message;
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const s = (k: string) => String(f.get(k) ?? "").trim();
        onboard.mutate({
          name: s("name"),
          email: s("email"),
          password: String(f.get("password") ?? ""),
          speciality: s("speciality"),
          degree: s("degree"),
          experienceYears: Number(s("experienceYears")),
          about: s("about"),
          feePaise: Math.round(Number(s("fee")) * 100),
          address: { line1: s("line1"), city: s("city") },
          timeZone: s("timeZone"),
          acceptingBookings: f.get("accepting") === "on",
          schedule: { slotMinutes, weekly },
        });
      }}
    >
      <h1 className={pageTitle}>Onboard a doctor</h1>
      <div className={`${card} grid gap-4 sm:grid-cols-2`}>
        {FIELDS.map(([name, label, type]) => (
          <div key={name}>
            <label htmlFor={`${id}-${name}`} className={labelClass}>
              {label}
            </label>
            <input
              id={`${id}-${name}`}
              name={name}
              type={type}
              required
              defaultValue={name === "timeZone" ? "Asia/Kolkata" : undefined}
              aria-invalid={fieldError(name) ? true : undefined}
              className={`${inputClass} mt-1`}
            />
            {fieldError(name) && <p className="mt-1 text-xs text-red-800">{fieldError(name)}</p>}
          </div>
        ))}
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-about`} className={labelClass}>
            About
          </label>
          <textarea id={`${id}-about`} name="about" rows={3} className={`${inputClass} mt-1`} />
        </div>
        <label className="flex items-center gap-3 text-sm font-medium text-slate-900">
          <input type="checkbox" name="accepting" defaultChecked className="size-5 accent-indigo-600" />
          Accepting bookings
        </label>
        <div>
          <label htmlFor={`${id}-slot`} className={labelClass}>
            Slot length (minutes)
          </label>
          <input
            id={`${id}-slot`}
            type="number"
            min={5}
            max={240}
            className={`${inputClass} mt-1`}
            value={slotMinutes}
            onChange={(e) => setSlotMinutes(Number(e.target.value))}
          />
        </div>
      </div>
      <div className={card}>
        <WeeklyHours weekly={weekly} onChange={setWeekly} />
      </div>
      {error && (
        <p role="alert" className="rounded-xl bg-red-50 p-3 text-sm text-red-900">
          {error.message}
          {error.fields.length > 0 && `: ${error.fields.map((f) => `${f.path} ${f.message}`).join("; ")}`}
        </p>
      )}
      <button type="submit" className={buttonPrimary} disabled={onboard.isPending}>
        {onboard.isPending ? "Onboarding…" : "Onboard doctor"}
      </button>
    </form>
  );
}
