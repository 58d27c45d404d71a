import { Link } from "../router";
import { linkClass } from "./ui";

export function Footer() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-6 text-sm text-slate-700 sm:flex-row sm:items-center sm:justify-between sm:px-6 lg:px-8">
        <p>© {new Date().getFullYear()} Prescripto. In an emergency, call 112.</p>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-4">
            <li>
              <Link to="/doctors" className={linkClass}>
                Find a doctor
              </Link>
            </li>
            <li>
              <Link to="/appointments" className={linkClass}>
                My appointments
              </Link>
            </li>
            <li>
              <Link to="/account" className={linkClass}>
                Account
              </Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
