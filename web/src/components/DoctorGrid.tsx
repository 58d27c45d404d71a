import type { Doctor } from "../api";
import { DoctorCard } from "./DoctorCard";
import { gridClass } from "./gridClass";

export function DoctorGrid({ doctors }: { doctors: Doctor[] }) {
  return (
    // role="list" keeps list semantics in Safari/VoiceOver despite list-style: none.
    // biome-ignore lint/a11y/noRedundantRoles: see above
    <ul role="list" className={gridClass}>
      {doctors.map((doctor) => (
        <li key={doctor.id}>
          <DoctorCard doctor={doctor} />
        </li>
      ))}
    </ul>
  );
}
