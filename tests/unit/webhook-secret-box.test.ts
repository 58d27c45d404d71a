import { describe, expect, it } from "vitest";
import { loadConfig } from "../../worker/kernel/config.ts";
import { newWebhookSecret } from "../../worker/kernel/webhooks/endpoint.ts";
import { isSealed, keyRing, openSecret, SecretBoxError, sealSecret } from "../../worker/kernel/webhooks/secret-box.ts";
import { signingSecretsInClear } from "../../worker/kernel/webhooks/secrets.ts";
import { fakeEnv } from "../support/fake-env.ts";

const keyText = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const secret = () => newWebhookSecret(crypto.getRandomValues(new Uint8Array(32)));

describe("webhook secrets sealed at rest (AES-GCM)", () => {
  it("round-trips: the sealed form holds no clear secret and opens to the same secret", async () => {
    const ring = await keyRing(keyText());
    const clear = secret();
    const sealed = await sealSecret(ring, clear, "whe_a");
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(clear.slice(6, 20));
    expect(sealed).not.toContain("whsec_");
    expect(await openSecret(ring, sealed, "whe_a")).toBe(clear);
    // A fresh IV each time: the same secret never seals to the same text.
    expect(await sealSecret(ring, clear, "whe_a")).not.toBe(sealed);
  });

  it("refuses to open under a wrong key, even one given the same key id", async () => {
    const right = await keyRing(keyText());
    const sealed = await sealSecret(right, secret(), "whe_a");
    await expect(openSecret(await keyRing(keyText()), sealed, "whe_a")).rejects.toBeInstanceOf(SecretBoxError);
    const impostor = await keyRing(keyText());
    const forged = { sealWith: right.sealWith, byId: new Map([[right.sealWith.id, impostor.sealWith.key]]) };
    await expect(openSecret(forged, sealed, "whe_a")).rejects.toThrow(/did not authenticate/);
    await expect(openSecret(null, sealed, "whe_a")).rejects.toThrow(/not configured/);
  });

  it("refuses tampered ciphertext, a changed IV and a secret moved to another endpoint", async () => {
    const ring = await keyRing(keyText());
    const sealed = await sealSecret(ring, secret(), "whe_a");
    const [v, id, iv, ct] = sealed.split(".") as [string, string, string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    await expect(openSecret(ring, [v, id, iv, flip(ct, 5)].join("."), "whe_a")).rejects.toThrow(/did not authenticate/);
    await expect(openSecret(ring, [v, id, flip(iv, 2), ct].join("."), "whe_a")).rejects.toThrow(/did not authenticate/);
    await expect(openSecret(ring, [v, id, iv, ct.slice(0, -4)].join("."), "whe_a")).rejects.toThrow();
    await expect(openSecret(ring, sealed, "whe_b")).rejects.toThrow(/did not authenticate/);
    await expect(openSecret(ring, "v1.garbage", "whe_a")).rejects.toThrow(/not a sealed/);
  });

  it("opens rows stored before encryption (clear whsec_) unchanged", async () => {
    const clear = secret();
    expect(await openSecret(await keyRing(keyText()), clear, "whe_a")).toBe(clear);
    expect(await openSecret(null, clear, "whe_a")).toBe(clear);
  });

  it("rotates keys: a ring `new,old` seals with the new key and opens what the old one sealed", async () => {
    const [oldKey, newKey] = [keyText(), keyText()];
    const clear = secret();
    const underOld = await sealSecret(await keyRing(oldKey), clear, "whe_a");
    const rotated = await keyRing(`${newKey},${oldKey}`);
    expect(await openSecret(rotated, underOld, "whe_a")).toBe(clear);
    const underNew = await sealSecret(rotated, clear, "whe_a");
    expect(underNew.split(".")[1]).toBe((await keyRing(newKey)).sealWith.id);
    await expect(openSecret(await keyRing(oldKey), underNew, "whe_a")).rejects.toThrow(/not configured/);
  });

  it("signs with the current and overlapping secrets of a row mixing sealed and clear forms", async () => {
    const key = keyText();
    const [a, b] = [secret(), secret()];
    const now = new Date("2026-12-01T00:00:00Z");
    const endpoint = {
      _id: "whe_x",
      secrets: [
        { secret: await sealSecret(await keyRing(key), a, "whe_x"), createdAt: now, expiresAt: null },
        { secret: b, createdAt: now, expiresAt: new Date(now.getTime() + 1000) },
      ],
    };
    expect(await signingSecretsInClear({ WEBHOOK_SECRETS_KEY: key }, endpoint, now)).toEqual([a, b]);
  });

  it("configuration: the key must be base64 of 32 bytes (a list while rotating), named when it is not", () => {
    const settingsOf = (key: string) => {
      const result = loadConfig(fakeEnv({ WEBHOOK_SECRETS_KEY: key }));
      return result.ok ? [] : result.issues.map((i) => i.setting);
    };
    expect(settingsOf(keyText())).toEqual([]);
    expect(settingsOf(`${keyText()},${keyText()}`)).toEqual([]);
    expect(settingsOf(btoa("too short"))).toEqual(["WEBHOOK_SECRETS_KEY"]);
    expect(settingsOf("not base64!")).toEqual(["WEBHOOK_SECRETS_KEY"]);
  });
});
