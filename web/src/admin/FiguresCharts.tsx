import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatRupees } from "../lib/money";
import { chartRows, type FiguresDay } from "./figures";

// Colours with at least 3:1 contrast on white (WCAG non-text contrast), told apart by legend and tooltip too.
const COLOURS = {
  bookings: "#4f46e5",
  cancellations: "#b45309",
  noShows: "#be123c",
  revenue: "#047857",
  refunds: "#b91c1c",
};
const axis = { fontSize: 12, fill: "#475569" };
const chartStyle = { width: "100%", height: 260 };
const rupeeTick = (v: number) => `₹${new Intl.NumberFormat("en-IN", { notation: "compact" }).format(v)}`;

/**
 * The overview's charts (recharts, in this lazily loaded chunk only: the patient site never loads
 * it). Each chart has a text description; the same numbers are in the table beside it.
 */
export default function FiguresCharts({ days }: { days: readonly FiguresDay[] }) {
  const data = chartRows(days);
  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="figures-charts">
      <figure className="min-w-0">
        <figcaption className="text-sm font-semibold text-slate-900">Appointments per day</figcaption>
        <BarChart
          responsive
          style={chartStyle}
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          title="Bookings, cancellations and no-shows per day"
          desc="Counts by the day each appointment is for; the figures table below lists the same numbers."
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={axis} minTickGap={12} />
          <YAxis allowDecimals={false} tick={axis} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="bookings" name="Bookings" fill={COLOURS.bookings} isAnimationActive={false} />
          <Bar dataKey="cancellations" name="Cancellations" fill={COLOURS.cancellations} isAnimationActive={false} />
          <Bar dataKey="noShows" name="No-shows" fill={COLOURS.noShows} isAnimationActive={false} />
        </BarChart>
      </figure>
      <figure className="min-w-0">
        <figcaption className="text-sm font-semibold text-slate-900">Money per day (₹)</figcaption>
        <LineChart
          responsive
          style={chartStyle}
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          title="Revenue and refunds per day"
          desc="Captured payments and processed refunds by the day money moved; the figures table below lists the same numbers."
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={axis} minTickGap={12} />
          <YAxis tick={axis} tickFormatter={rupeeTick} />
          <Tooltip formatter={(v) => formatRupees(Math.round(Number(v) * 100))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="linear"
            dataKey="revenue"
            name="Revenue"
            stroke={COLOURS.revenue}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="refunds"
            name="Refunds"
            stroke={COLOURS.refunds}
            strokeWidth={2}
            strokeDasharray="5 3"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </figure>
    </div>
  );
}
