import { lazy } from "react";
import { Route, Switch } from "wouter";

// Each screen is its own chunk: the schedule editor carries luxon and the server's slot rules.
const TodayPage = lazy(() => import("./TodayPage"));
const SchedulePage = lazy(() => import("./SchedulePage"));
const ProfilePage = lazy(() => import("./ProfilePage"));
const NotFoundPage = lazy(() => import("../pages/NotFoundPage"));

/** The doctor's area (only reached through RequireRole "doctor"). */
export default function DoctorArea() {
  return (
    <Switch>
      <Route path="/doctor" component={TodayPage} />
      <Route path="/doctor/schedule" component={SchedulePage} />
      <Route path="/doctor/profile" component={ProfilePage} />
      <Route component={NotFoundPage} />
    </Switch>
  );
}
