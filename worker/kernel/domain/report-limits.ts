/**
 * The longest range (inclusive days) a money report or the admin figures cover. Its own module,
 * with no imports, so the web app can share it without bundling the report code (luxon, zod).
 */
export const MAX_REPORT_DAYS = 93;
