import { focusRing } from "./focusRing";

/** Shared looks, so every button and field on the site is the same size and contrast. */
export const buttonPrimary = `inline-flex items-center justify-center gap-2 rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;
export const buttonSecondary = `inline-flex items-center justify-center gap-2 rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;
export const buttonDanger = `inline-flex items-center justify-center gap-2 rounded-lg bg-red-700 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;
export const inputClass =
  "block min-h-10 w-full rounded-lg border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-500 focus:ring-2 focus:ring-indigo-600 focus:ring-inset";
export const labelClass = "block text-sm font-medium text-slate-800";
export const card = "rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200";
export const linkClass = `rounded font-semibold text-indigo-700 underline-offset-2 hover:underline ${focusRing}`;
export const pageTitle = "text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl";
