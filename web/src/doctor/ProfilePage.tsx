import { useEffect, useId, useState } from "react";
import { toApiError } from "../api/errors";
import { Avatar } from "../components/Avatar";
import { ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { buttonPrimary, card, inputClass, labelClass, pageTitle } from "../components/ui";
import { formatFee } from "../format";
import { EarningsPanel } from "./EarningsPanel";
import { sectionTitle } from "./looks";
import { PhotoUpload } from "./PhotoUpload";
import { useDoctorProfile, useUpdateProfile } from "./queries";

export default function ProfilePage() {
  useDocumentTitle("Profile");
  const profile = useDoctorProfile();
  if (profile.isPending) return <PageLoading label="Loading your profile…" />;
  if (profile.isError) {
    return (
      <ErrorPanel title="We couldn't load your profile" error={profile.error} onRetry={() => void profile.refetch()} />
    );
  }
  const d = profile.data.doctor;
  return (
    <div className="space-y-6">
      <div className="flex items-center gap-4">
        <Avatar name={d.name} photoUrl={d.photoUrl} large />
        <div>
          <h1 className={pageTitle}>{d.name}</h1>
          <p className="text-sm text-slate-700">
            {d.speciality} · {d.degree} · fee {formatFee(d.feePaise, d.currency)} (set in your schedule)
          </p>
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <div className={card}>
          <AboutForm about={d.about} address={d.address} />
        </div>
        <div className={card}>
          <PhotoUpload current={d.photoUrl} name={d.name} />
        </div>
      </div>
      <EarningsPanel timeZone={d.timeZone} />
    </div>
  );
}

type Address = { line1: string; line2?: string; city: string };

function AboutForm({ about: initialAbout, address: initialAddress }: { about: string; address: Address }) {
  const id = useId();
  const [about, setAbout] = useState(initialAbout);
  const [address, setAddress] = useState<Address>(initialAddress);
  useEffect(() => setAbout(initialAbout), [initialAbout]);
  useEffect(() => setAddress(initialAddress), [initialAddress]);
  const update = useUpdateProfile();
  const error = update.isError ? toApiError(update.error) : null;
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const line2 = address.line2?.trim();
        update.mutate({ about, address: { line1: address.line1, city: address.city, ...(line2 ? { line2 } : {}) } });
      }}
    >
      <h2 className={sectionTitle}>About and address</h2>
      <div>
        <label htmlFor={`${id}-about`} className={labelClass}>
          About
        </label>
        <textarea
          id={`${id}-about`}
          rows={5}
          maxLength={2000}
          className={`${inputClass} mt-1`}
          value={about}
          onChange={(e) => setAbout(e.target.value)}
        />
      </div>
      {(["line1", "line2", "city"] as const).map((k) => (
        <div key={k}>
          <label htmlFor={`${id}-${k}`} className={labelClass}>
            {k === "line1" ? "Address line 1" : k === "line2" ? "Address line 2 (optional)" : "City"}
          </label>
          <input
            id={`${id}-${k}`}
            className={`${inputClass} mt-1`}
            value={address[k] ?? ""}
            aria-invalid={error?.field(`address.${k}`) ? true : undefined}
            onChange={(e) => setAddress((a) => ({ ...a, [k]: e.target.value }))}
          />
        </div>
      ))}
      <div aria-live="polite" className="text-sm">
        {error && (
          <p role="alert" className="text-red-800">
            {error.message}
          </p>
        )}
        {update.isSuccess && <p className="text-emerald-800">Saved.</p>}
      </div>
      <button type="submit" className={buttonPrimary} disabled={update.isPending}>
        {update.isPending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
