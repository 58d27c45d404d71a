import { type ReactNode, useId, useState } from "react";
import { ConfirmDialog } from "./ConfirmDialog";
import { inputClass, labelClass } from "./ui";

interface Props {
  open: boolean;
  busy: boolean;
  /** Says who is told and what happens to the money. */
  children: ReactNode;
  /** Says where the reason goes ("shown to the patient", "recorded in the history"). */
  reasonLabel: string;
  /** The reason typed, trimmed: "" when none was given. */
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** "Cancel this appointment?", confirmed, with an optional reason (doctors' and admins' screens). */
export function CancelWithReason({ open, busy, children, reasonLabel, onConfirm, onClose }: Props) {
  const [reason, setReason] = useState("");
  const reasonId = useId();
  return (
    <ConfirmDialog
      open={open}
      title="Cancel this appointment?"
      confirmLabel="Cancel appointment"
      busy={busy}
      onClose={onClose}
      onConfirm={() => onConfirm(reason.trim())}
    >
      {children}
      <label htmlFor={reasonId} className={`${labelClass} mt-4`}>
        {reasonLabel}
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
  );
}
