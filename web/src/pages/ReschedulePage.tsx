import { useRef, useState } from "react";
import { idempotencyKey } from "../api/client";
import { toApiError } from "../api/errors";
import type { Slot } from "../api/types";
import { SlotPicker } from "../components/SlotPicker";
import { ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { buttonPrimary, card, linkClass, pageTitle } from "../components/ui";
import { browserZone, formatDateTime } from "../lib/time";
import { useAppointment, useReschedule } from "../queries/appointments";
import { useDoctors } from "../queries/doctors";
import { Link, useNavigate, useParams } from "../router";

/** The same slot picker as booking; the move takes the new time and frees the old one in one step. */
export default function ReschedulePage() {
  useDocumentTitle("Reschedule");
  const { id = "" } = useParams();
  const appointment = useAppointment(id);
  const directory = useDoctors();
  const reschedule = useReschedule();
  const navigate = useNavigate();
  const [slot, setSlot] = useState<Slot | null>(null);
  const key = useRef(idempotencyKey());
  const zone = browserZone();

  if (appointment.isPending || directory.isPending) return <PageLoading />;
  if (appointment.isError)
    return (
      <ErrorPanel
        title="We couldn't load this appointment"
        error={appointment.error}
        onRetry={() => void appointment.refetch()}
      />
    );
  const a = appointment.data;
  const doctor = directory.data?.doctors.find((d) => d.id === a.doctorId);
  return (
    <div className="space-y-6">
      <h1 className={pageTitle}>Reschedule</h1>
      <p className="text-slate-800">
        Now: <strong>{formatDateTime(a.start, zone)}</strong>
        {doctor ? ` with ${doctor.name}` : ""}. Pick a new time.
      </p>
      <section aria-label="New time" className={card}>
        <SlotPicker
          doctorId={a.doctorId}
          doctorZone={doctor?.timeZone ?? zone}
          selected={slot?.start ?? null}
          onSelect={setSlot}
          exclude={a.start}
        />
      </section>
      {reschedule.error && (
        <p role="alert" className="rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900">
          {toApiError(reschedule.error).code === "SLOT_TAKEN"
            ? "That time has just been taken; please pick another."
            : toApiError(reschedule.error).message}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-4">
        <button
          type="button"
          className={buttonPrimary}
          disabled={!slot || reschedule.isPending}
          onClick={() =>
            slot &&
            reschedule.mutate(
              { id: a.id, start: slot.start, key: key.current },
              {
                onSuccess: () => navigate(`/appointments/${a.id}`, { replace: true }),
                onError: () => {
                  key.current = idempotencyKey();
                },
              },
            )
          }
        >
          {reschedule.isPending
            ? "Moving…"
            : slot
              ? `Move to ${formatDateTime(slot.start, zone)}`
              : "Choose a new time"}
        </button>
        <Link to="/appointments" className={`text-sm ${linkClass}`}>
          Keep the current time
        </Link>
      </div>
    </div>
  );
}
