import { type ReactNode, useEffect, useRef } from "react";
import { buttonDanger, buttonSecondary } from "./ui";

interface Props {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** A native modal <dialog>: the browser traps focus, Escape closes, focus returns to the opener. */
export function ConfirmDialog({ open, title, children, confirmLabel, busy, onConfirm, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    // The first button ("Keep it") gets focus from showModal(): the safe choice is the default.
    <dialog
      ref={ref}
      aria-labelledby="dialog-title"
      onClose={onClose}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl bg-white p-6 shadow-xl backdrop:bg-slate-900/50"
    >
      <h2 id="dialog-title" className="text-lg font-bold text-slate-900">
        {title}
      </h2>
      <div className="mt-2 text-sm text-slate-800">{children}</div>
      <div className="mt-6 flex flex-wrap justify-end gap-3">
        <button type="button" className={buttonSecondary} onClick={onClose}>
          Keep it
        </button>
        <button type="button" className={buttonDanger} disabled={busy} onClick={onConfirm}>
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
