import { useEffect, useState } from "react";
import type { Appointment } from "../api/types";
import { StatusBadge } from "../components/AppointmentBits";
import { EmptyPanel, ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { buttonSecondary, card, pageTitle } from "../components/ui";
import { addDays, formatDay, formatTime, localDateOf } from "../lib/time";
import { useSearchParams } from "../router";
import { AppointmentActions } from "./AppointmentActions";
import { attendanceConfirmedAt, orderDay } from "./day-order";
import { DAY_POLL_MS, useDoctorDay, useDoctorProfile } from "./queries";
import { WeekGlance } from "./WeekGlance";

/** A clock that ticks so "next patient" and the outcome buttons follow the time without a reload. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export default function TodayPage() {
  useDocumentTitle("Today");
  const profile = useDoctorProfile();
  const now = useNow(15_000);
  const zone = profile.data?.doctor.timeZone;
  const today = zone ? localDateOf(now, zone) : null;
  const [params, setParams] = useSearchParams();
  const date = params.get("date") ?? today;
  const day = useDoctorDay(date);

  if (profile.isPending) return <PageLoading label="Loading your day…" />;
  if (profile.isError) {
    return (
      <ErrorPanel title="We couldn't load your profile" error={profile.error} onRetry={() => void profile.refetch()} />
    );
  }
  const doctor = profile.data.doctor;
  const tz = doctor.timeZone;
  const setDate = (d: string) => setParams(d === today ? {} : { date: d }, { replace: true });
  const names = day.data?.patients ?? {};
  const { upcoming, done } = orderDay<Appointment>(day.data?.appointments ?? [], now);
  const isToday = date === today;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className={pageTitle}>{isToday ? "Today" : formatDay(date ?? "", "long")}</h1>
          <p className="mt-1 text-sm text-slate-700">
            {doctor.name} · {formatDay(date ?? "", "long")} · times in {tz}
          </p>
        </div>
        <div className="flex gap-2">
          <button type="button" className={buttonSecondary} onClick={() => date && setDate(addDays(date, -1))}>
            Previous day
          </button>
          {!isToday && today && (
            <button type="button" className={buttonSecondary} onClick={() => setDate(today)}>
              Today
            </button>
          )}
          <button type="button" className={buttonSecondary} onClick={() => date && setDate(addDays(date, 1))}>
            Next day
          </button>
        </div>
      </div>

      {date && <WeekGlance date={date} today={today ?? date} onPick={setDate} />}

      <p className="text-xs text-slate-600">New bookings appear on their own (checked every {DAY_POLL_MS / 1000} s).</p>

      {day.isPending && <PageLoading label="Loading the day's appointments…" />}
      {day.isError && (
        <ErrorPanel title="We couldn't load this day" error={day.error} onRetry={() => void day.refetch()} />
      )}
      {day.isSuccess && day.data.appointments.length === 0 && (
        <EmptyPanel title="No appointments on this day">
          <p>Bookings made by patients show up here within seconds.</p>
        </EmptyPanel>
      )}
      {day.isSuccess && upcoming.length > 0 && (
        <section aria-labelledby="upcoming-title" className="space-y-3">
          <h2 id="upcoming-title" className="text-lg font-semibold text-slate-900">
            Still to come
          </h2>
          <ol className="space-y-3" data-testid="upcoming">
            {upcoming.map((a, i) => (
              <Row key={a.id} a={a} tz={tz} name={names[a.patientId]} next={i === 0 && isToday} now={now} />
            ))}
          </ol>
        </section>
      )}
      {day.isSuccess && done.length > 0 && (
        <section aria-labelledby="done-title" className="space-y-3">
          <h2 id="done-title" className="text-lg font-semibold text-slate-900">
            Earlier and closed
          </h2>
          <ol className="space-y-3" data-testid="done">
            {done.map((a) => (
              <Row key={a.id} a={a} tz={tz} name={names[a.patientId]} next={false} now={now} />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

function Row({ a, tz, name, next, now }: { a: Appointment; tz: string; name?: string; next: boolean; now: number }) {
  const who = name ?? (a.clinicId ? `Clinic patient ${a.patientId.split(":").slice(1).join(":")}` : "Patient");
  const confirmedAt = a.status === "booked" ? attendanceConfirmedAt(a) : null;
  return (
    <li
      data-testid="day-appointment"
      data-appointment-id={a.id}
      className={`${card} flex flex-wrap items-center gap-x-6 gap-y-3 ${next ? "ring-2 ring-indigo-500" : ""}`}
    >
      <div className="min-w-28">
        <p className="text-lg font-semibold text-slate-900 tabular-nums">{formatTime(a.start, tz)}</p>
        <p className="text-xs text-slate-600">until {formatTime(a.end, tz)}</p>
      </div>
      <div className="min-w-40 flex-1">
        {next && <p className="text-xs font-semibold tracking-wide text-indigo-700 uppercase">Next patient</p>}
        <p className="font-semibold text-slate-900" data-testid="patient-name">
          {who}
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <StatusBadge status={a.status} />
          {confirmedAt && (
            <span
              data-testid="attendance-confirmed"
              className="inline-flex rounded-full bg-sky-50 px-2.5 py-1 text-xs font-semibold text-sky-900 ring-1 ring-sky-600/30 ring-inset"
            >
              Patient confirmed attendance
            </span>
          )}
        </div>
      </div>
      <AppointmentActions appointment={a} who={who} now={now} />
    </li>
  );
}
