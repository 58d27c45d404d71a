// Pure money display for the doctor's and admin's reports. Amounts arrive as integer paise.

const rupees = new Intl.NumberFormat("en-IN", {
  style: "currency",
  currency: "INR",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Integer paise as rupees with two decimals, Indian grouping: 123456 → "₹1,234.56", -500 → "-₹5.00". */
export function formatRupees(paise: number): string {
  return rupees.format(paise / 100);
}

/** Chart axes want rupees as numbers; exact for any integer paise below 2^53. */
export const paiseToRupees = (paise: number): number => paise / 100;
