import type { Doctor } from "../api";
import { formatExperience, formatFee } from "../format";
import { AvailabilityBadge } from "./AvailabilityBadge";
import { Avatar } from "./Avatar";

export function DoctorCard({ doctor }: { doctor: Doctor }) {
  const headingId = `doctor-${doctor.id}-name`;
  return (
    <article
      data-testid="doctor-card"
      aria-labelledby={headingId}
      className="flex h-full flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 transition-shadow hover:shadow-md"
    >
      <div className="flex items-start gap-4">
        <Avatar name={doctor.name} photoUrl={doctor.photoUrl} />
        <div className="min-w-0">
          <h3 id={headingId} className="text-base font-semibold break-words text-slate-900">
            {doctor.name}
          </h3>
          <p className="text-sm font-medium text-indigo-700">{doctor.speciality}</p>
          <p className="text-sm text-slate-600">{doctor.degree}</p>
        </div>
      </div>

      <ul className="mt-4 mb-4 space-y-1.5 text-sm text-slate-700">
        <li className="flex items-center gap-2">
          <Icon path="M12 6v6l4 2m6-2a10 10 0 1 1-20 0 10 10 0 0 1 20 0Z" />
          {formatExperience(doctor.experienceYears)}
        </li>
        <li className="flex items-center gap-2">
          <Icon path="M12 21s-7-5.686-7-11a7 7 0 1 1 14 0c0 5.314-7 11-7 11Zm0-8.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z" />
          {doctor.address.city}
        </li>
      </ul>

      <div className="mt-auto flex items-end justify-between gap-3 border-t border-slate-100 pt-4">
        <p>
          <span className="block text-xs text-slate-600">Consultation fee</span>
          <span className="text-lg font-semibold text-slate-900">{formatFee(doctor.feePaise, doctor.currency)}</span>
        </p>
        <AvailabilityBadge available={doctor.available} />
      </div>
    </article>
  );
}

function Icon({ path }: { path: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-4 shrink-0 text-slate-500"
    >
      <path d={path} />
    </svg>
  );
}
