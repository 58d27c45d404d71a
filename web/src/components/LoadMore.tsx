import { buttonSecondary } from "./ui";

/** The part of an infinite query (TanStack's useInfiniteQuery) that paging needs. */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more" under a paged list, shown while there is a next page. */
export function LoadMore({ list }: { list: Pages }) {
  if (!list.hasNextPage) return null;
  return (
    <button
      type="button"
      className={buttonSecondary}
      disabled={list.isFetchingNextPage}
      onClick={() => void list.fetchNextPage()}
    >
      {list.isFetchingNextPage ? "Loading…" : "Load more"}
    </button>
  );
}
