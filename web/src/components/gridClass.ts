/** Responsive card grid shared by the results and the loading skeleton. */
export const gridClass = "grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-3";
