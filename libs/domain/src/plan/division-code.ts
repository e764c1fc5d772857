/**
 * National statistical division codes (统计用区划代码): 12 digits, the first 6 the county's
 * GB/T 2260 code, the next 3 the township. The 9-digit township code (GB/T 10114) is the same
 * code without the village part; it is normalised to 12 digits by appending "000".
 */
const TWELVE = /^\d{12}$/;
const NINE = /^\d{9}$/;

/** The code in its 12-digit form, or undefined when the text is not a division code. */
export function divisionCodeOf(text: string | undefined): string | undefined {
  const code = text?.trim();
  if (!code) return undefined;
  if (TWELVE.test(code)) return code;
  if (NINE.test(code)) return `${code}000`;
  return undefined;
}
