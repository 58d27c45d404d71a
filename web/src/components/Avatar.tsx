import { useState } from "react";
import { initials } from "../format";

interface Props {
  name: string;
  photoUrl: string | null;
  large?: boolean;
}

/** Doctor photo, or their initials when there is no photo (or it fails to load). Fixed size: no shift. */
export function Avatar({ name, photoUrl, large = false }: Props) {
  const [failed, setFailed] = useState(false);
  const px = large ? 128 : 64;
  const box = `${large ? "size-32 text-3xl" : "size-16 text-lg"} shrink-0 rounded-full`;

  if (photoUrl && !failed) {
    return (
      <img
        src={photoUrl}
        alt={large ? `Photo of ${name}` : ""}
        width={px}
        height={px}
        loading={large ? "eager" : "lazy"}
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
      className={`${box} flex items-center justify-center bg-indigo-50 font-semibold text-indigo-700 ring-1 ring-indigo-100`}
    >
      {initials(name)}
    </div>
  );
}
