import { useAuth } from "../auth/AuthProvider";
import { Link } from "../router";
import { footerItems } from "./nav-items";
import { linkClass } from "./ui";

export function Footer() {
  const { role, status } = useAuth();
  const items = status === "checking" ? [] : footerItems(role);
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-6 text-sm text-slate-700 sm:flex-row sm:items-center sm:justify-between sm:px-6 lg:px-8">
        <p>© {new Date().getFullYear()} Prescripto. In an emergency, call 112.</p>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-4">
            {items.map(([to, label]) => (
              <li key={to}>
                <Link to={to} className={linkClass}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </footer>
  );
}
