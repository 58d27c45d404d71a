import { useEffect, useState } from "react";
import { toApiError } from "../api/errors";
import { ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { buttonPrimary, card, pageTitle } from "../components/ui";
import { formatDateTime } from "../lib/time";
import { Overrides, TimeOff } from "./DateExceptions";
import { useDoctorProfile, useSaveSchedule, useSchedule } from "./queries";
import { ScheduleRules } from "./ScheduleRules";
import { SlotPreview } from "./SlotPreview";
import { ScheduleSchema, type ScheduleSettings } from "./schedule-types";
import { WeeklyHours } from "./WeeklyHours";

export default function SchedulePage() {
  useDocumentTitle("Schedule");
  const profile = useDoctorProfile();
  const doctorId = profile.data?.doctor.id;
  const schedule = useSchedule(doctorId);
  if (profile.isPending || (doctorId && schedule.isPending)) return <PageLoading label="Loading your schedule…" />;
  if (profile.isError)
    return (
      <ErrorPanel title="We couldn't load your profile" error={profile.error} onRetry={() => void profile.refetch()} />
    );
  if (schedule.isError || !doctorId || !schedule.data) {
    return (
      <ErrorPanel
        title="We couldn't load your schedule"
        error={schedule.error}
        onRetry={() => void schedule.refetch()}
      />
    );
  }
  return (
    <Editor doctorId={doctorId} initial={schedule.data.settings as ScheduleSettings} version={schedule.data.version} />
  );
}

function Editor({ doctorId, initial, version }: { doctorId: string; initial: ScheduleSettings; version: number }) {
  const [draft, setDraft] = useState<ScheduleSettings>(initial);
  // A save (or another tab's, on refetch) replaces what is edited only when a new version arrives.
  useEffect(() => setDraft(initial), [initial]);
  const save = useSaveSchedule(doctorId);
  const change = (p: Partial<ScheduleSettings>) => setDraft((d) => ({ ...d, ...p }));
  const valid = ScheduleSchema.safeParse(draft);
  const saved = save.data;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className={pageTitle}>Schedule</h1>
          <p className="mt-1 text-sm text-slate-700">Version {version}. Changes apply to new bookings at once.</p>
        </div>
        <button
          type="button"
          className={buttonPrimary}
          disabled={!valid.success || save.isPending}
          onClick={() => valid.success && save.mutate(valid.data)}
        >
          {save.isPending ? "Saving…" : "Save schedule"}
        </button>
      </div>
      <div aria-live="polite">
        {save.isError && (
          <p role="alert" className="rounded-xl bg-red-50 p-3 text-sm text-red-900">
            {toApiError(save.error).message}
          </p>
        )}
        {saved && !save.isPending && (
          <div className="rounded-xl bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="schedule-saved">
            <p className="font-semibold">Saved (version {saved.version}).</p>
            {saved.conflicts.length === 0 ? (
              <p>Every existing booking still fits the new rules.</p>
            ) : (
              <div data-testid="schedule-conflicts">
                <p>
                  {saved.conflicts.length === 1 ? "1 booking falls" : `${saved.conflicts.length} bookings fall`} outside
                  the new rules. They are kept; cancel them from your day if needed:
                </p>
                <ul className="mt-1 list-disc pl-5">
                  {saved.conflicts.map((a) => (
                    <li key={a.id}>{formatDateTime(a.start, saved.settings.timeZone)}</li>
                  ))}
                </ul>
              </div>
            )}
            {!saved.profileSynced && <p>Your public profile will show the new fee shortly.</p>}
          </div>
        )}
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <div className={card}>
            <ScheduleRules draft={draft} onChange={change} />
          </div>
          <div className={card}>
            <WeeklyHours weekly={draft.weekly} onChange={(weekly) => change({ weekly })} />
          </div>
          <div className={card}>
            <Overrides draft={draft} onChange={change} />
          </div>
          <div className={card}>
            <TimeOff draft={draft} onChange={change} />
          </div>
        </div>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <SlotPreview draft={draft} />
        </div>
      </div>
    </div>
  );
}
