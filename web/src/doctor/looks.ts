import { focusRing } from "../components/focusRing";

/** A quiet text button (add / remove rows) that is still a clear tap target. */
export const buttonLink = `rounded px-1 py-1.5 text-sm font-semibold text-indigo-700 hover:underline ${focusRing}`;
export const sectionTitle = "text-lg font-semibold text-slate-900";
export const hint = "mt-1 text-xs text-slate-600";
