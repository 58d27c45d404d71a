import { focusRing } from "./focusRing";

export function Header() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-4 sm:px-6 lg:px-8">
        <svg aria-hidden="true" viewBox="0 0 32 32" className="size-9 shrink-0">
          <rect width="32" height="32" rx="8" className="fill-indigo-600" />
          <path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" className="fill-white" />
        </svg>
        <div>
          <h1 className="text-xl font-bold tracking-tight text-slate-900">
            <a href="/" className={`rounded ${focusRing}`}>
              Prescripto
            </a>
          </h1>
          <p className="text-sm text-slate-600">Book appointments with trusted doctors</p>
        </div>
      </div>
    </header>
  );
}
