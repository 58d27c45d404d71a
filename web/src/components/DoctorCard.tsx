import type { Doctor } from "../api/types";
import { formatExperience, formatFee } from "../format";
import { Link } from "../router";
import { AvailabilityBadge } from "./AvailabilityBadge";
import { Avatar } from "./Avatar";
import { focusRing } from "./focusRing";

/** The whole card is one link to the doctor's page (one tab stop, named by the heading). */
export function DoctorCard({ doctor }: { doctor: Doctor }) {
  return (
    <Link
      to={`/doctors/${doctor.slug}`}
      data-testid="doctor-card"
      className={`flex h-full flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 transition-shadow hover:shadow-md hover:ring-indigo-300 ${focusRing}`}
    >
      <div className="flex items-start gap-4">
        <Avatar name={doctor.name} photoUrl={doctor.photoUrl} />
        <div className="min-w-0">
          <h3 className="text-base font-semibold break-words text-slate-900">{doctor.name}</h3>
          <p className="text-sm font-medium text-indigo-700">{doctor.speciality}</p>
          <p className="text-sm text-slate-700">{doctor.degree}</p>
        </div>
      </div>
      <ul className="mt-4 mb-4 space-y-1.5 text-sm text-slate-700">
        <li>{formatExperience(doctor.experienceYears)}</li>
        <li>{doctor.address.city}</li>
      </ul>
      <div className="mt-auto flex items-end justify-between gap-3 border-t border-slate-100 pt-4">
        <p>
          <span className="block text-xs text-slate-700">Consultation fee</span>
          <span className="text-lg font-semibold text-slate-900">{formatFee(doctor.feePaise, doctor.currency)}</span>
        </p>
        <AvailabilityBadge available={doctor.available} />
      </div>
    </Link>
  );
}

export function DoctorGrid({ doctors }: { doctors: Doctor[] }) {
  return (
    // biome-ignore lint/a11y/noRedundantRoles: keeps list semantics in Safari despite list-style: none
    <ul role="list" className="grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-3">
      {doctors.map((doctor) => (
        <li key={doctor.id}>
          <DoctorCard doctor={doctor} />
        </li>
      ))}
    </ul>
  );
}

export function DoctorGridSkeleton({ count = 6 }: { count?: number }) {
  return (
    <div data-testid="loading" aria-busy="true">
      <p className="sr-only" role="status">
        Loading doctors…
      </p>
      <ul aria-hidden="true" className="grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: count }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <li key={i} className="h-[15.5rem] animate-pulse rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <div className="flex items-start gap-4">
              <div className="size-16 shrink-0 rounded-full bg-slate-200" />
              <div className="flex-1 space-y-2 pt-1">
                <div className="h-4 w-3/4 rounded bg-slate-200" />
                <div className="h-3 w-1/2 rounded bg-slate-200" />
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
