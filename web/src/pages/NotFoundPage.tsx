import { useDocumentTitle } from "../components/States";
import { buttonPrimary, buttonSecondary, pageTitle } from "../components/ui";
import { Link } from "../router";

export default function NotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <section aria-labelledby="not-found" className="mx-auto max-w-xl py-12 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 id="not-found" className={`mt-2 ${pageTitle}`}>
        We can't find that page
      </h1>
      <p className="mt-3 text-slate-700">The link may be old or mistyped. These will get you back on track:</p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link to="/" className={buttonSecondary}>
          Home
        </Link>
        <Link to="/doctors" className={buttonPrimary}>
          Find a doctor
        </Link>
      </div>
    </section>
  );
}
