import { useState } from "react";
import { toApiError } from "../api/errors";
import type { Appointment } from "../api/types";
import { CancelWithReason } from "../components/CancelWithReason";
import { buttonSecondary } from "../components/ui";
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
      <CancelWithReason
        open={confirming}
        busy={action.isPending}
        reasonLabel="Reason (shown to the patient)"
        onClose={() => setConfirming(false)}
        onConfirm={(reason) =>
          action.mutate(
            { id: a.id, action: "cancel", ...(reason ? { reason } : {}) },
            { onSuccess: () => setConfirming(false) },
          )
        }
      >
        <p>{who} will be told, and any refund follows your cancellation policy.</p>
      </CancelWithReason>
    </div>
  );
}
