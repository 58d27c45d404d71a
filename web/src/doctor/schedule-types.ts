// The editor works on the server's own schedule contract: the same zod schema validates the draft
// before it is sent, and the same pure slot rules draw the preview (see schedule-preview.ts).
export {
  ScheduleSettings as ScheduleSchema,
  type ScheduleSettings,
  type TimeRange,
  WEEKDAYS,
  type Weekday,
} from "../../../worker/kernel/domain/schedule.ts";
