import { lazy } from "react";
import { Route, Switch } from "wouter";
import { Layout } from "./components/Layout";
import { RequireAuth, RequireRole } from "./components/RequireAuth";
import { HomePage } from "./pages/HomePage";
import { Navigate, useParams } from "./router";

// Every page but the home page is its own chunk, fetched on first visit.
const FindDoctorsPage = lazy(() => import("./pages/FindDoctorsPage"));
const DoctorPage = lazy(() => import("./pages/DoctorPage"));
const BookPage = lazy(() => import("./pages/BookPage"));
const AppointmentPage = lazy(() => import("./pages/AppointmentPage"));
const MyAppointmentsPage = lazy(() => import("./pages/MyAppointmentsPage"));
const ReschedulePage = lazy(() => import("./pages/ReschedulePage"));
const AccountPage = lazy(() => import("./pages/AccountPage"));
const SignInPage = lazy(() => import("./pages/SignInPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));
// The doctor's and the admin's areas: one chunk each (plus their own lazy pages), never loaded by patients.
const DoctorArea = lazy(() => import("./doctor/DoctorArea"));
const AdminArea = lazy(() => import("./admin/AdminArea"));

/** The replaced app's `/appointment/:doctorId`: our doctor ids carry the page's slug. */
function LegacyAppointment() {
  const { doctorId = "" } = useParams();
  const slug = doctorId.startsWith("doc_") ? doctorId.slice(4) : null;
  return <Navigate replace to={slug ? `/doctors/${slug}` : "/doctors"} />;
}

export function App() {
  return (
    <Layout>
      <Switch>
        <Route path="/" component={HomePage} />
        <Route path="/doctors" component={FindDoctorsPage} />
        {/* Also the replaced app's /doctors/:speciality, redirected by the page when it names one. */}
        <Route path="/doctors/:slug" component={DoctorPage} />
        <Route path="/book/:slug" component={BookPage} />
        <Route path="/signin" component={SignInPage} />
        <Route path="/appointments">
          <RequireAuth>
            <MyAppointmentsPage />
          </RequireAuth>
        </Route>
        <Route path="/appointments/:id/reschedule">
          <RequireAuth>
            <ReschedulePage />
          </RequireAuth>
        </Route>
        <Route path="/appointments/:id">
          <RequireAuth>
            <AppointmentPage />
          </RequireAuth>
        </Route>
        <Route path="/account">
          <RequireAuth>
            <AccountPage />
          </RequireAuth>
        </Route>
        <Route path="/doctor/*?">
          <RequireRole area="doctor">
            <DoctorArea />
          </RequireRole>
        </Route>
        <Route path="/admin/*?">
          <RequireRole area="admin">
            <AdminArea />
          </RequireRole>
        </Route>
        <Route path="/appointment/:doctorId" component={LegacyAppointment} />
        <Route path="/my-appointments">
          <Navigate replace to="/appointments" />
        </Route>
        <Route path="/my-profile">
          <Navigate replace to="/account" />
        </Route>
        <Route path="/login">
          <Navigate replace to="/signin" />
        </Route>
        <Route component={NotFoundPage} />
      </Switch>
    </Layout>
  );
}
