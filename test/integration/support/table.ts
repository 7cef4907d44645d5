/**
 * Parses kubectl's human output (a header line, then aligned rows) into one record per row, keyed by
 * header. kubectl aligns every cell at its column's start and separates columns by at least two spaces,
 * so headers with one space inside ("NOMINATED NODE") and empty cells are read correctly.
 */
export function tableRows(output: string): Record<string, string>[] {
  const lines = output.split("\n").filter((line) => line.trim() !== "");
  const header = lines.shift();
  if (header === undefined) return [];
  const columns = [...header.matchAll(/\S+(?: \S+)*/g)].map((match) => ({
    name: match[0],
    start: match.index,
  }));
  return lines.map((line) => {
    const row: Record<string, string> = {};
    columns.forEach((column, index) => {
      const end = columns[index + 1]?.start ?? line.length;
      row[column.name] = line.slice(column.start, end).trim();
    });
    return row;
  });
}
