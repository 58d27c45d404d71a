/** Shared, clearly visible keyboard focus ring for interactive elements. */
export const focusRing = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
