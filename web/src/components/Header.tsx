import { useEffect, useRef, useState } from "react";
import { useAuth } from "../auth/AuthProvider";
import { Link, NavLink, useLocation, useNavigate } from "../router";
import { focusRing } from "./focusRing";
import { navItems } from "./nav-items";
import { buttonPrimary } from "./ui";

const navLink = ({ isActive }: { isActive: boolean }) =>
  `rounded-lg px-3 py-2 text-sm font-medium ${isActive ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100"} ${focusRing}`;

export function Header() {
  const { role, status } = useAuth();
  // While the refresh cookie is tried the role is unknown: offer no links rather than the wrong role's.
  const items = status === "checking" ? [] : navItems(role);
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6 lg:px-8">
        <Link to="/" className={`flex items-center gap-2 rounded-lg ${focusRing}`}>
          <svg aria-hidden="true" viewBox="0 0 32 32" className="size-8 shrink-0">
            <rect width="32" height="32" rx="8" className="fill-indigo-600" />
            <path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" className="fill-white" />
          </svg>
          <span className="text-lg font-bold tracking-tight text-slate-900">Prescripto</span>
        </Link>
        <nav aria-label="Main" className="order-last w-full sm:order-none sm:w-auto">
          <ul className="flex min-h-9 flex-wrap gap-1">
            {items.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to} end={to === "/doctor" || to === "/admin"} className={navLink}>
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex min-w-28 justify-end">
          <AccountArea />
        </div>
      </div>
    </header>
  );
}

function AccountArea() {
  const { status } = useAuth();
  const location = useLocation();
  // While the refresh cookie is being tried, hold the space so neither button flashes.
  if (status === "checking") return <span aria-hidden="true" className="h-10 w-28" />;
  if (status === "signed-out") {
    const next =
      location.pathname === "/signin" ? "" : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return (
      <Link to={`/signin${next}`} className={buttonPrimary}>
        Sign in
      </Link>
    );
  }
  return <AccountMenu />;
}

/** A disclosure menu (button + list of links): Escape and outside clicks close it. */
function AccountMenu() {
  const [open, setOpen] = useState(false);
  const { signOut, role } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: close on navigation
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const item = `block w-full rounded-md px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-100 ${focusRing}`;
  return (
    <div ref={ref} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls="account-menu"
        onClick={() => setOpen((o) => !o)}
        className={`inline-flex h-10 items-center gap-2 rounded-lg bg-white px-3 text-sm font-semibold text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 ${focusRing}`}
      >
        Account
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 fill-current">
          <path d="M5.5 7.5 10 12l4.5-4.5" fill="none" stroke="currentColor" strokeWidth="1.75" />
        </svg>
      </button>
      {open && (
        <ul
          id="account-menu"
          className="absolute right-0 z-10 mt-2 w-56 rounded-xl bg-white p-1.5 shadow-lg ring-1 ring-slate-200"
        >
          {role === "patient" && (
            <>
              <li>
                <Link to="/appointments" className={item}>
                  My appointments
                </Link>
              </li>
              <li>
                <Link to="/account" className={item}>
                  Profile and security
                </Link>
              </li>
            </>
          )}
          <li>
            <button
              type="button"
              className={item}
              onClick={() => void signOut().finally(() => navigate("/", { replace: true }))}
            >
              Sign out
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
