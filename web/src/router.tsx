// The few routing primitives the site uses, on wouter (~3 KB gzipped against React Router's ~15 KB:
// the first page's JavaScript budget is ≤ 90 KB). Pages import from here, never from wouter directly.
import type { ComponentProps, ReactNode } from "react";
import { useEffect } from "react";
import { useSearch, useLocation as useWLocation, Link as WLink } from "wouter";

export { useParams, useSearchParams } from "wouter";

type AnchorProps = Omit<ComponentProps<"a">, "href">;

export function Link({ to, replace, ...rest }: AnchorProps & { to: string; replace?: boolean }) {
  return <WLink href={to} {...(replace ? { replace } : {})} {...rest} />;
}

/** A link that knows whether it points at the current page (aria-current + an active look). */
export function NavLink({
  to,
  end = false,
  className,
  children,
}: {
  to: string;
  /** Active only on exactly this path (an area's first page), not on the pages below it. */
  end?: boolean;
  className: (state: { isActive: boolean }) => string;
  children: ReactNode;
}) {
  const [path] = useWLocation();
  const isActive = path === to || (!end && path.startsWith(`${to}/`));
  return (
    <WLink href={to} className={className({ isActive })} aria-current={isActive ? "page" : undefined}>
      {children}
    </WLink>
  );
}

export function useNavigate(): (to: string, options?: { replace?: boolean }) => void {
  const [, navigate] = useWLocation();
  return (to, options) => navigate(to, options?.replace ? { replace: true } : undefined);
}

export function useLocation(): { pathname: string; search: string } {
  const [pathname] = useWLocation();
  const search = useSearch();
  return { pathname, search: search ? `?${search}` : "" };
}

/** Redirect on render (old paths, signed-out visitors). */
export function Navigate({ to, replace = false }: { to: string; replace?: boolean }) {
  const navigate = useNavigate();
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per target
  useEffect(() => navigate(to, { replace }), [to, replace]);
  return null;
}
