export function AvailabilityBadge({ available }: { available: boolean }) {
  const look = available
    ? "bg-emerald-50 text-emerald-800 ring-emerald-600/20"
    : "bg-slate-100 text-slate-700 ring-slate-500/20";
  const dot = available ? "bg-emerald-500" : "bg-slate-400";
  return (
    <span
      data-testid="availability"
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${look}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${dot}`} />
      {available ? "Available" : "Not accepting bookings"}
    </span>
  );
}
