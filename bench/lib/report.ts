/** Console output of the bench: one line per figure and the final summary. */
import type { Figure } from "./load.ts";

export interface TargetResult {
  name: string;
  value: number;
  comparison: "≥" | "≤";
  threshold: number;
  unit: string;
  pass: boolean;
}

export function checkTarget(
  name: string,
  value: number,
  comparison: TargetResult["comparison"],
  threshold: number,
  unit = "",
): TargetResult {
  const pass = comparison === "≥" ? value >= threshold : value <= threshold;
  return { name, value, comparison, threshold, unit, pass };
}

const number = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatFigure(figure: Figure): string {
  const statuses = Object.entries(figure.statusCounts)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  const slices = figure.sliceRequestsPerSecond;
  const lines = [
    `${figure.label}: ${number(figure.requestsPerSecond)} req/s (slices ${number(Math.min(...slices))}–` +
      `${number(Math.max(...slices))}), p50 ${figure.latencyP50Ms} ms, p99 ${figure.latencyP99Ms} ms`,
    `errors ${figure.errors}, other statuses ${figure.unexpected} [${statuses}], ` +
      `${number(figure.bytesPerResponse)} B/response, ${number(figure.totalBytes / 1e6, 1)} MB`,
  ];
  if (figure.cpu)
    lines.push(
      `server CPU ${figure.cpu.serverPercent}% of a core, ${figure.cpu.serverMicrosPerRequest} µs/request; ` +
        `load generator ${figure.cpu.loadGeneratorPercent}% of a core; other processes ` +
        `${figure.cpu.othersPercent}% of the machine`,
    );
  return lines.join("\n    ");
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function summaryTable(figures: Figure[]): string {
  return table(
    [
      "measurement",
      "req/s",
      "p50 ms",
      "p99 ms",
      "errors",
      "other",
      "B/resp",
      "MB",
      "srv CPU",
      "µs/req",
      "loadgen",
      "others",
    ],
    figures.map((f) => [
      f.label,
      number(f.requestsPerSecond),
      String(f.latencyP50Ms),
      String(f.latencyP99Ms),
      String(f.errors),
      String(f.unexpected),
      number(f.bytesPerResponse),
      number(f.totalBytes / 1e6, 1),
      f.cpu ? `${f.cpu.serverPercent}%` : "-",
      f.cpu ? String(f.cpu.serverMicrosPerRequest) : "-",
      f.cpu ? `${f.cpu.loadGeneratorPercent}%` : "-",
      f.cpu ? `${f.cpu.othersPercent}%` : "-",
    ]),
  );
}

export function targetTable(targets: TargetResult[]): string {
  return table(
    ["target", "value", "needed", "result"],
    targets.map((t) => [
      t.name,
      `${number(t.value, t.unit ? 0 : 2)}${t.unit}`,
      `${t.comparison} ${number(t.threshold, t.unit ? 0 : 2)}${t.unit}`,
      t.pass ? "PASS" : "FAIL",
    ]),
  );
}
