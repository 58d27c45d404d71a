import { useEffect } from "react";
import { DoctorResults } from "./components/DoctorResults";
import { Header } from "./components/Header";
import { SpecialityFilter } from "./components/SpecialityFilter";
import { useDoctors } from "./useDoctors";
import { useSpecialityParam } from "./useSpecialityParam";

export function App() {
  const [speciality, setSpeciality] = useSpecialityParam();
  const { state, retry } = useDoctors(speciality);

  useEffect(() => {
    document.title = speciality ? `${speciality} · Find a doctor · Prescripto` : "Find a doctor · Prescripto";
  }, [speciality]);

  return (
    <div className="flex min-h-dvh flex-col bg-slate-50 text-slate-900 antialiased">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-3 focus:left-3 focus:z-10 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-700 focus:shadow focus:outline-2 focus:outline-indigo-600"
      >
        Skip to content
      </a>
      <Header />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 lg:px-8">
        <section aria-labelledby="find-a-doctor" className="space-y-6">
          <div>
            <h2 id="find-a-doctor" className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">
              Find a doctor
            </h2>
            <p className="mt-1 text-slate-600">Browse specialists by speciality and see who is taking bookings.</p>
          </div>
          <SpecialityFilter specialities={state.specialities} selected={speciality} onSelect={setSpeciality} />
          <DoctorResults state={state} speciality={speciality} onRetry={retry} onShowAll={() => setSpeciality(null)} />
        </section>
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-6xl px-4 py-6 text-sm text-slate-600 sm:px-6 lg:px-8">
          © {new Date().getFullYear()} Prescripto. In an emergency, call 112.
        </p>
      </footer>
    </div>
  );
}
