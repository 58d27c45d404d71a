import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LoadMore } from "../../web/src/components/LoadMore.tsx";

const page = (over: Partial<{ hasNextPage: boolean; isFetchingNextPage: boolean }>) => ({
  hasNextPage: true,
  isFetchingNextPage: false,
  fetchNextPage: () => Promise.resolve(),
  ...over,
});

describe("LoadMore", () => {
  it("shows nothing when there is no next page", () => {
    expect(renderToStaticMarkup(createElement(LoadMore, { list: page({ hasNextPage: false }) }))).toBe("");
  });

  it("offers the next page while there is one", () => {
    const html = renderToStaticMarkup(createElement(LoadMore, { list: page({}) }));
    expect(html).toContain(">Load more</button>");
    expect(html).not.toContain('disabled=""');
  });

  it("is disabled and says so while the next page loads", () => {
    const html = renderToStaticMarkup(createElement(LoadMore, { list: page({ isFetchingNextPage: true }) }));
    expect(html).toContain("Loading…");
    expect(html).toContain('disabled=""');
  });
});
