/** Prints rows as a Markdown table (it reads well in a terminal and pastes into the docs). */
export function printTable(headings: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  console.log(line(headings));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

export function formatOps(opsPerSecond: number): string {
  return Math.round(opsPerSecond).toLocaleString("en-US");
}

export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "" : value.toFixed(2);
}
