import { DoctorGrid, DoctorGridSkeleton } from "../components/DoctorCard";
import { focusRing } from "../components/focusRing";
import { ErrorPanel, useDocumentTitle, useFocusAfterRetry } from "../components/States";
import { useDoctors } from "../queries/doctors";
import { Link } from "../router";

const STEPS = [
  ["Choose a doctor", "By speciality, fee or who is free this week."],
  ["Pick a free time", "Live availability, shown in your own time zone."],
  ["Pay and you're booked", "Secure payment with Razorpay; cancel from your account."],
] as const;

export function HomePage() {
  useDocumentTitle("Book a doctor");
  const doctors = useDoctors();
  const { target, retried } = useFocusAfterRetry(doctors.isSuccess);
  const top = [...(doctors.data?.doctors ?? [])]
    .filter((d) => d.available)
    .sort((a, b) => b.experienceYears - a.experienceYears)
    .slice(0, 3);

  return (
    <div className="space-y-12">
      <section
        aria-labelledby="hero"
        className="grid gap-8 rounded-3xl bg-indigo-700 px-6 py-10 text-white sm:px-10 sm:py-14 lg:grid-cols-[3fr_2fr] lg:items-center"
      >
        <div>
          <h1 id="hero" className="max-w-2xl text-3xl font-bold tracking-tight sm:text-4xl">
            Book an appointment with a trusted doctor
          </h1>
          <p className="mt-3 max-w-2xl text-indigo-50">
            See each doctor's real free times, pick one that suits you and get a confirmation in seconds. No phone
            calls, no waiting rooms full of uncertainty.
          </p>
          <Link
            to="/doctors"
            className={`mt-6 inline-flex items-center rounded-lg bg-white px-5 py-3 text-sm font-semibold text-indigo-800 shadow-sm hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white`}
          >
            Find a doctor
          </Link>
        </div>
        <ol className="space-y-3 rounded-2xl bg-indigo-800/60 p-5 text-sm ring-1 ring-white/15">
          {STEPS.map(([title, text], i) => (
            <li key={title} className="flex gap-3">
              <span
                aria-hidden="true"
                className="grid size-7 shrink-0 place-items-center rounded-full bg-white font-bold text-indigo-800"
              >
                {i + 1}
              </span>
              <span>
                <strong className="block text-white">{title}</strong>
                <span className="text-indigo-50">{text}</span>
              </span>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="specialities" className="space-y-4">
        <h2 id="specialities" className="text-xl font-bold text-slate-900">
          Find by speciality
        </h2>
        <ul className="flex min-h-11 flex-wrap gap-2">
          {(doctors.data?.specialities ?? []).map((s) => (
            <li key={s}>
              <Link
                to={`/doctors?speciality=${encodeURIComponent(s)}`}
                className={`inline-block rounded-full bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 ${focusRing}`}
              >
                {s}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="top-doctors" className="space-y-4">
        <h2 id="top-doctors" ref={target} tabIndex={-1} className="text-xl font-bold text-slate-900 outline-none">
          Top doctors taking bookings
        </h2>
        {doctors.isPending && <DoctorGridSkeleton count={3} />}
        {doctors.isError && (
          <ErrorPanel
            title="We couldn't load doctors"
            error={doctors.error}
            onRetry={() => {
              retried();
              void doctors.refetch();
            }}
          />
        )}
        {doctors.isSuccess && <DoctorGrid doctors={top} />}
      </section>
    </div>
  );
}
