import { ApiError } from "../api/errors";
import type { Doctor } from "../api/types";
import { AvailabilityBadge } from "../components/AvailabilityBadge";
import { Avatar } from "../components/Avatar";
import { DoctorGrid } from "../components/DoctorCard";
import { focusRing } from "../components/focusRing";
import { SlotPicker } from "../components/SlotPicker";
import { ErrorPanel, PageLoading, useDocumentTitle, useFocusAfterRetry } from "../components/States";
import { card } from "../components/ui";
import { formatExperience, formatFee } from "../format";
import { doctorIdOf, isSlug } from "../lib/doctor-filter";
import { browserZone, formatDateTime } from "../lib/time";
import { upcomingRange, useDoctor, useDoctors, useSlots } from "../queries/doctors";
import { Link, Navigate, useNavigate, useParams } from "../router";
import NotFoundPage from "./NotFoundPage";

export default function DoctorPage() {
  const { slug = "" } = useParams();
  const doctor = useDoctor(isSlug(slug) ? doctorIdOf(slug) : null);
  const directory = useDoctors();
  const { target, retried } = useFocusAfterRetry(doctor.isSuccess);
  const missing = !isSlug(slug) || (doctor.error instanceof ApiError && doctor.error.status === 404);

  if (missing) {
    // The replaced app linked specialities as /doctors/<Speciality>: send those to the filtered list.
    if (directory.isPending) return <PageLoading />;
    const speciality = directory.data?.specialities.find(
      (s) => s.toLowerCase() === decodeURIComponent(slug).toLowerCase(),
    );
    if (speciality) return <Navigate replace to={`/doctors?speciality=${encodeURIComponent(speciality)}`} />;
    return <NotFoundPage />;
  }
  if (doctor.isPending) return <PageLoading label="Loading the doctor's profile…" />;
  if (doctor.isError) {
    return (
      <ErrorPanel
        title="We couldn't load this doctor"
        error={doctor.error}
        onRetry={() => {
          retried();
          void doctor.refetch();
        }}
      />
    );
  }
  const related = (directory.data?.doctors ?? []).filter(
    (d) => d.speciality === doctor.data.speciality && d.id !== doctor.data.id,
  );
  return <DoctorProfile doctor={doctor.data} related={related} headingRef={target} />;
}

function DoctorProfile({
  doctor,
  related,
  headingRef,
}: {
  doctor: Doctor;
  related: Doctor[];
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  useDocumentTitle(`${doctor.name}, ${doctor.speciality}`);
  const navigate = useNavigate();
  const book = (start: string) => navigate(`/book/${doctor.slug}?start=${encodeURIComponent(start)}`);
  const address = [doctor.address.line1, doctor.address.line2, doctor.address.city].filter(Boolean).join(", ");

  return (
    <div className="space-y-8">
      <section aria-labelledby="doctor-name" className={`${card} flex flex-col gap-6 sm:flex-row`}>
        <Avatar name={doctor.name} photoUrl={doctor.photoUrl} large />
        <div className="min-w-0 flex-1 space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <h1
              id="doctor-name"
              ref={headingRef}
              tabIndex={-1}
              className="text-2xl font-bold text-slate-900 outline-none"
            >
              {doctor.name}
            </h1>
            <AvailabilityBadge available={doctor.available} />
          </div>
          <p className="font-medium text-indigo-700">
            {doctor.speciality} · {doctor.degree}
          </p>
          <p className="text-slate-700">{formatExperience(doctor.experienceYears)}</p>
          {doctor.about && <p className="text-slate-800">{doctor.about}</p>}
          <dl className="grid gap-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-700">Address</dt>
              <dd className="font-medium text-slate-900">{address}</dd>
            </div>
            <div>
              <dt className="text-slate-700">Consultation fee</dt>
              <dd className="text-lg font-semibold text-slate-900" data-testid="doctor-fee">
                {formatFee(doctor.feePaise, doctor.currency)}
              </dd>
            </div>
          </dl>
        </div>
      </section>

      {doctor.available ? (
        <>
          <NextSlots doctor={doctor} onPick={book} />
          <section aria-labelledby="calendar" className={card}>
            <h2 id="calendar" className="mb-4 text-lg font-bold text-slate-900">
              Availability
            </h2>
            <SlotPicker
              doctorId={doctor.id}
              doctorZone={doctor.timeZone}
              selected={null}
              onSelect={(s) => book(s.start)}
            />
          </section>
        </>
      ) : (
        <p className={`${card} text-slate-800`}>This doctor is not taking bookings at the moment.</p>
      )}

      {related.length > 0 && (
        <section aria-labelledby="related" className="space-y-4">
          <h2 id="related" className="text-lg font-bold text-slate-900">
            Other {doctor.speciality.toLowerCase()}s
          </h2>
          <DoctorGrid doctors={related.slice(0, 3)} />
        </section>
      )}
    </div>
  );
}

function NextSlots({ doctor, onPick }: { doctor: Doctor; onPick: (start: string) => void }) {
  const range = upcomingRange();
  const slots = useSlots(doctor.id, range.from, range.to);
  const zone = browserZone();
  const next = (slots.data?.slots ?? []).filter((s) => Date.parse(s.start) > Date.now()).slice(0, 4);
  return (
    <section aria-labelledby="next-free" className={card}>
      <h2 id="next-free" className="mb-3 text-lg font-bold text-slate-900">
        Next free times
      </h2>
      <div className="min-h-11">
        {slots.isPending && <div aria-hidden="true" className="h-11 animate-pulse rounded-lg bg-slate-200" />}
        {slots.isError && <p className="text-sm text-red-800">Free times could not be loaded.</p>}
        {slots.isSuccess && next.length === 0 && (
          <p className="text-sm text-slate-700">No free times in the next two weeks.</p>
        )}
        <ul className="flex flex-wrap gap-2">
          {next.map((s) => (
            <li key={s.start}>
              <button
                type="button"
                data-testid="next-slot"
                onClick={() => onPick(s.start)}
                className={`rounded-lg bg-indigo-50 px-3 py-2 text-sm font-medium text-indigo-900 ring-1 ring-indigo-200 ring-inset hover:bg-indigo-100 ${focusRing}`}
              >
                {formatDateTime(s.start, zone)}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <p className="mt-3 text-sm">
        <Link to="/doctors" className="font-semibold text-indigo-700 hover:underline">
          Back to all doctors
        </Link>
      </p>
    </section>
  );
}
