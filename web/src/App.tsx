import { lazy } from "react";
import { Navigate, Route, Routes, useParams } from "react-router";
import { Layout } from "./components/Layout";
import { RequireAuth } from "./components/RequireAuth";
import { HomePage } from "./pages/HomePage";

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

/** The replaced app's `/appointment/:doctorId`: our doctor ids carry the page's slug. */
function LegacyAppointment() {
  const { doctorId = "" } = useParams();
  const slug = doctorId.startsWith("doc_") ? doctorId.slice(4) : null;
  return <Navigate replace to={slug ? `/doctors/${slug}` : "/doctors"} />;
}

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="doctors" element={<FindDoctorsPage />} />
        {/* Also the replaced app's /doctors/:speciality, redirected by the page when it names one. */}
        <Route path="doctors/:slug" element={<DoctorPage />} />
        <Route path="book/:slug" element={<BookPage />} />
        <Route path="signin" element={<SignInPage />} />
        <Route
          path="appointments"
          element={
            <RequireAuth>
              <MyAppointmentsPage />
            </RequireAuth>
          }
        />
        <Route
          path="appointments/:id"
          element={
            <RequireAuth>
              <AppointmentPage />
            </RequireAuth>
          }
        />
        <Route
          path="appointments/:id/reschedule"
          element={
            <RequireAuth>
              <ReschedulePage />
            </RequireAuth>
          }
        />
        <Route
          path="account"
          element={
            <RequireAuth>
              <AccountPage />
            </RequireAuth>
          }
        />
        <Route path="appointment/:doctorId" element={<LegacyAppointment />} />
        <Route path="my-appointments" element={<Navigate replace to="/appointments" />} />
        <Route path="my-profile" element={<Navigate replace to="/account" />} />
        <Route path="login" element={<Navigate replace to="/signin" />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
