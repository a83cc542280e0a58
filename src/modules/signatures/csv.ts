/** CSV cells that spreadsheets read as data, never as formulas. Pure. */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  // A leading = + - @ (or tab/CR) would make a spreadsheet run the cell as a formula.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: (string | number | null)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
