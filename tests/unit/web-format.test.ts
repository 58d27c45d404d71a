import { describe, expect, it } from "vitest";
import { formatDoctorCount, formatExperience, formatFee, initials } from "../../web/src/format";

describe("formatFee", () => {
  it("formats whole rupees from paise without decimals", () => {
    expect(formatFee(80000, "INR")).toBe("₹800");
  });

  it("keeps two decimals when the amount has paise", () => {
    expect(formatFee(80050, "INR")).toBe("₹800.50");
    expect(formatFee(80005, "INR")).toBe("₹800.05");
  });

  it("uses Indian digit grouping for large fees", () => {
    expect(formatFee(150000000, "INR")).toBe("₹15,00,000");
  });

  it("formats a zero fee", () => {
    expect(formatFee(0, "INR")).toBe("₹0");
  });

  it("uses the currency it is given", () => {
    expect(formatFee(2500, "USD")).toBe("$25");
  });

  it("falls back to the raw code for an invalid currency instead of throwing", () => {
    expect(formatFee(80000, "NOT-A-CODE")).toBe("NOT-A-CODE 800");
  });
});

describe("initials", () => {
  it("takes the first letters of the first and last name, skipping the Dr. title", () => {
    expect(initials("Dr. Asha Rao")).toBe("AR");
  });

  it("uses first and last name when there are middle names", () => {
    expect(initials("Dr. Asha K. Venkata Rao")).toBe("AR");
  });

  it("skips titles case-insensitively and with or without a dot", () => {
    expect(initials("dr meera iyer")).toBe("MI");
    expect(initials("Prof. Dr. Meera Iyer")).toBe("MI");
  });

  it("returns a single initial for a single name", () => {
    expect(initials("Dr. Meera")).toBe("M");
  });

  it("ignores surrounding and repeated whitespace", () => {
    expect(initials("  asha   rao  ")).toBe("AR");
  });

  it("returns a placeholder for an empty name", () => {
    expect(initials("")).toBe("?");
    expect(initials("   ")).toBe("?");
  });

  it("keeps a lone title rather than returning nothing", () => {
    expect(initials("Dr.")).toBe("D");
  });

  it("handles characters outside the Basic Multilingual Plane", () => {
    expect(initials("𝒜sha Rao")).toBe("𝒜R");
  });
});

describe("formatExperience", () => {
  it("pluralises years", () => {
    expect(formatExperience(12)).toBe("12 years experience");
  });

  it("uses the singular for one year", () => {
    expect(formatExperience(1)).toBe("1 year experience");
  });

  it("describes less than a year for zero or invalid values", () => {
    expect(formatExperience(0)).toBe("Less than 1 year experience");
    expect(formatExperience(Number.NaN)).toBe("Less than 1 year experience");
  });

  it("rounds fractional years down", () => {
    expect(formatExperience(3.9)).toBe("3 years experience");
  });
});

describe("formatDoctorCount", () => {
  it("uses the singular for one doctor and the plural otherwise", () => {
    expect(formatDoctorCount(1)).toBe("1 doctor");
    expect(formatDoctorCount(0)).toBe("0 doctors");
    expect(formatDoctorCount(12)).toBe("12 doctors");
  });
});
