import { useId, useState } from "react";
import { toApiError } from "../api/errors";
import type { Appointment } from "../api/types";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { buttonSecondary, inputClass, labelClass } from "../components/ui";
import { canCancel, canRecordOutcome } from "./day-order";
import { useDoctorAction } from "./queries";

/** Complete / no-show once the appointment has started; cancel (with a reason, confirmed) before it ends. */
export function AppointmentActions({
  appointment: a,
  who,
  now,
}: {
  appointment: Appointment;
  who: string;
  now: number;
}) {
  const action = useDoctorAction();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const outcome = canRecordOutcome(a, now);
  const cancellable = canCancel(a, now);
  if (!outcome && !cancellable) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {outcome && (
        <>
          <button
            type="button"
            className={buttonSecondary}
            disabled={action.isPending}
            onClick={() => action.mutate({ id: a.id, action: "complete" })}
            aria-label={`Mark ${who} completed`}
          >
            Completed
          </button>
          <button
            type="button"
            className={buttonSecondary}
            disabled={action.isPending}
            onClick={() => action.mutate({ id: a.id, action: "no-show" })}
            aria-label={`Mark ${who} as no-show`}
          >
            No-show
          </button>
        </>
      )}
      {cancellable && (
        <button
          type="button"
          className={buttonSecondary}
          disabled={action.isPending}
          onClick={() => setConfirming(true)}
          aria-label={`Cancel ${who}'s appointment`}
        >
          Cancel
        </button>
      )}
      {action.isError && (
        <p role="alert" className="w-full text-sm text-red-800">
          {toApiError(action.error).message}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Cancel this appointment?"
        confirmLabel="Cancel appointment"
        busy={action.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          action.mutate(
            { id: a.id, action: "cancel", ...(reason.trim() ? { reason: reason.trim() } : {}) },
            { onSuccess: () => setConfirming(false) },
          )
        }
      >
        <p>{who} will be told, and any refund follows your cancellation policy.</p>
        <label htmlFor={reasonId} className={`${labelClass} mt-4`}>
          Reason (shown to the patient)
        </label>
        <textarea
          id={reasonId}
          className={`${inputClass} mt-1`}
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </ConfirmDialog>
    </div>
  );
}
