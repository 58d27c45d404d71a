import { useRef, useState } from "react";
import { idempotencyKey } from "../api/client";
import { ApiError, toApiError } from "../api/errors";
import type { Doctor } from "../api/types";
import { useAuth } from "../auth/AuthProvider";
import { AuthForm } from "../components/AuthForm";
import { focusRing } from "../components/focusRing";
import { ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { buttonPrimary, card, linkClass, pageTitle } from "../components/ui";
import { formatFee } from "../format";
import { doctorIdOf, isSlug } from "../lib/doctor-filter";
import { addDays, browserZone, formatDateTime, localDateOf, nearestSlots, zonesDiffer } from "../lib/time";
import { useBook } from "../queries/appointments";
import { useDoctor, useSlots } from "../queries/doctors";
import { Link, useNavigate, useParams, useSearchParams } from "../router";
import NotFoundPage from "./NotFoundPage";

/** Confirm a chosen slot. The slot lives in the URL, so signing in or up on the way keeps it. */
export default function BookPage() {
  const { slug = "" } = useParams();
  const [params] = useSearchParams();
  const start = params.get("start");
  const doctor = useDoctor(isSlug(slug) ? doctorIdOf(slug) : null);
  if (!isSlug(slug) || !start || Number.isNaN(Date.parse(start))) return <NotFoundPage />;
  if (doctor.isPending) return <PageLoading />;
  if (doctor.isError) {
    if (doctor.error instanceof ApiError && doctor.error.status === 404) return <NotFoundPage />;
    return (
      <ErrorPanel title="We couldn't load this doctor" error={doctor.error} onRetry={() => void doctor.refetch()} />
    );
  }
  return <Confirm doctor={doctor.data} start={start} />;
}

function Confirm({ doctor, start }: { doctor: Doctor; start: string }) {
  useDocumentTitle(`Book ${doctor.name}`);
  const { status } = useAuth();
  const navigate = useNavigate();
  const [, setParams] = useSearchParams();
  const book = useBook();
  const key = useRef(idempotencyKey());
  const [taken, setTaken] = useState(false);
  const zone = browserZone();
  const alertRef = useRef<HTMLDivElement>(null);

  // Around the wanted time, to offer the nearest free alternatives when it is taken.
  const day = localDateOf(start, doctor.timeZone);
  const around = useSlots(doctor.id, addDays(day, -1), addDays(day, 6), { enabled: taken });
  const alternatives = nearestSlots(
    (around.data?.slots ?? []).filter((s) => Date.parse(s.start) > Date.now()),
    start,
    4,
  );

  function confirm() {
    setTaken(false);
    book.mutate(
      { doctorId: doctor.id, start, key: key.current },
      {
        onSuccess: (a) => navigate(`/appointments/${a.id}?new=1`, { replace: true }),
        onError: (e) => {
          const err = toApiError(e);
          if (err.code === "SLOT_TAKEN" || err.code === "SLOT_UNAVAILABLE") setTaken(true);
          key.current = idempotencyKey();
          queueMicrotask(() => alertRef.current?.focus());
        },
      },
    );
  }

  const error = book.error ? toApiError(book.error) : null;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className={pageTitle}>Confirm your appointment</h1>
      <section aria-label="Appointment" className={`${card} space-y-2`}>
        <p className="text-lg font-semibold text-slate-900">{doctor.name}</p>
        <p className="text-indigo-700">{doctor.speciality}</p>
        <p className="text-slate-900" data-testid="book-when">
          {formatDateTime(start, zone)}
        </p>
        {zonesDiffer(zone, doctor.timeZone, start) && (
          <p className="text-sm text-slate-700">Doctor's local time: {formatDateTime(start, doctor.timeZone)}</p>
        )}
        <p className="text-slate-800">
          Fee: <strong>{formatFee(doctor.feePaise, doctor.currency)}</strong>
        </p>
        <p className="text-sm">
          <Link to={`/doctors/${doctor.slug}`} className={linkClass}>
            Choose another time
          </Link>
        </p>
      </section>

      {error && (
        <div
          ref={alertRef}
          tabIndex={-1}
          role="alert"
          data-testid="booking-error"
          className="rounded-2xl border border-amber-300 bg-amber-50 p-5 outline-none"
        >
          <p className="font-semibold text-amber-950">
            {taken ? "Sorry, that time has just been taken." : "We couldn't book this time."}
          </p>
          <p className="mt-1 text-sm text-amber-950">{taken ? "Here are the nearest free times:" : error.message}</p>
          {taken && (
            <ul className="mt-3 flex flex-wrap gap-2" aria-live="polite">
              {around.isPending && <li className="text-sm text-amber-950">Looking for free times…</li>}
              {around.isSuccess && alternatives.length === 0 && (
                <li className="text-sm text-amber-950">No free times nearby; choose another day.</li>
              )}
              {alternatives.map((s) => (
                <li key={s.start}>
                  <button
                    type="button"
                    data-testid="alternative-slot"
                    onClick={() => {
                      book.reset();
                      setTaken(false);
                      setParams({ start: s.start }, { replace: true });
                    }}
                    className={`rounded-lg bg-white px-3 py-2 text-sm font-medium text-slate-900 ring-1 ring-amber-300 ring-inset hover:bg-amber-100 ${focusRing}`}
                  >
                    {formatDateTime(s.start, zone)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {status === "checking" && <PageLoading />}
      {status === "signed-out" && (
        <section aria-labelledby="who" className={card}>
          <h2 id="who" className="mb-1 text-lg font-bold text-slate-900">
            Sign in to book
          </h2>
          <p className="mb-4 text-sm text-slate-700">
            Your chosen time is kept while you sign in or create an account.
          </p>
          <AuthForm onDone={() => undefined} initialMode="signup" />
        </section>
      )}
      {status === "signed-in" && (
        <button
          type="button"
          className={`w-full sm:w-auto ${buttonPrimary}`}
          disabled={book.isPending}
          onClick={confirm}
        >
          {book.isPending ? "Booking…" : "Confirm booking"}
        </button>
      )}
    </div>
  );
}
