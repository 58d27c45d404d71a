import { describe, expect, it } from "vitest";
import { parsePhotoKey, photoKey, photoKeyOfUrl, photoUrl, sniffPhotoType } from "../../worker/kernel/domain/photo.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

describe("photo type sniffing", () => {
  it("recognises JPEG, PNG and WebP by their magic bytes", () => {
    expect(sniffPhotoType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe("image/jpeg");
    expect(sniffPhotoType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("image/png");
    expect(sniffPhotoType(bytes(...ascii("RIFF"), 1, 2, 3, 4, ...ascii("WEBPVP8 ")))).toBe("image/webp");
  });

  it.each([
    ["a GIF", bytes(...ascii("GIF89a"), 0, 0)],
    ["an SVG", bytes(...ascii("<svg xmlns='http://www.w3.org/2000/svg'>"))],
    ["a WAV (RIFF but not WebP)", bytes(...ascii("RIFF"), 1, 2, 3, 4, ...ascii("WAVEfmt "))],
    ["a truncated PNG signature", bytes(0x89, 0x50, 0x4e)],
    ["nothing", bytes()],
  ])("refuses %s", (_what, b) => {
    expect(sniffPhotoType(b)).toBeNull();
  });
});

describe("photo keys", () => {
  const hash = "a".repeat(64);

  it("are content-addressed and map back to their doctor and type", () => {
    const key = photoKey("doc_asha-rao", hash, "image/png");
    expect(key).toBe(`doc_asha-rao.${hash}.png`);
    expect(parsePhotoKey(key)).toEqual({ doctorId: "doc_asha-rao", type: "image/png" });
    expect(photoKeyOfUrl(photoUrl(key))).toBe(key);
  });

  it.each([
    "../secrets",
    `doc_asha-rao.${hash}.svg`,
    `doc_asha-rao.${"a".repeat(63)}.png`,
    `doc_ASHA.${hash}.png`,
    `doc_asha-rao.${hash}.png/extra`,
  ])("refuses %s", (key) => {
    expect(parsePhotoKey(key)).toBeNull();
  });

  it("ignores photo URLs it did not make", () => {
    expect(photoKeyOfUrl(null)).toBeNull();
    expect(photoKeyOfUrl("https://example.com/x.png")).toBeNull();
  });
});
