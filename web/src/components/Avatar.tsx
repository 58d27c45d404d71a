import { useState } from "react";
import { initials } from "../format";

interface Props {
  name: string;
  photoUrl: string | null;
}

/** Doctor photo, or their initials when there is no photo (or it fails to load). */
export function Avatar({ name, photoUrl }: Props) {
  const [failed, setFailed] = useState(false);
  const box = "size-16 shrink-0 rounded-full";

  if (photoUrl && !failed) {
    return (
      <img
        src={photoUrl}
        alt=""
        width={64}
        height={64}
        loading="lazy"
        decoding="async"
        onError={() => setFailed(true)}
        className={`${box} bg-slate-100 object-cover`}
      />
    );
  }
  return (
    <div
      aria-hidden="true"
      data-testid="doctor-initials"
      className={`${box} flex items-center justify-center bg-indigo-50 text-lg font-semibold text-indigo-700 ring-1 ring-indigo-100`}
    >
      {initials(name)}
    </div>
  );
}
