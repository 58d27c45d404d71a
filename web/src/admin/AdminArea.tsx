import { lazy } from "react";
import { Route, Switch } from "wouter";

const OverviewPage = lazy(() => import("./OverviewPage"));
const DoctorsPage = lazy(() => import("./DoctorsPage"));
const AppointmentsPage = lazy(() => import("./AppointmentsPage"));
const AppointmentDetailPage = lazy(() => import("./AppointmentDetailPage"));
const OnboardPage = lazy(() => import("./OnboardPage"));
const DoctorDetailPage = lazy(() => import("./DoctorDetailPage"));
const OperationsPage = lazy(() => import("./OperationsPage"));
const PaymentsPage = lazy(() => import("./PaymentsPage"));
const NotFoundPage = lazy(() => import("../pages/NotFoundPage"));

/** The admin console (only reached through RequireRole "admin"). */
export default function AdminArea() {
  return (
    <Switch>
      <Route path="/admin" component={OverviewPage} />
      <Route path="/admin/doctors" component={DoctorsPage} />
      <Route path="/admin/doctors/new" component={OnboardPage} />
      <Route path="/admin/doctors/:id" component={DoctorDetailPage} />
      <Route path="/admin/appointments" component={AppointmentsPage} />
      <Route path="/admin/appointments/:id" component={AppointmentDetailPage} />
      <Route path="/admin/payments" component={PaymentsPage} />
      <Route path="/admin/operations" component={OperationsPage} />
      <Route component={NotFoundPage} />
    </Switch>
  );
}
