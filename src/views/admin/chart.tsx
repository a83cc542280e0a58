/**
 * Counts per day as a bar chart drawn on the server: no script, no image request. A table of the
 * same figures follows, for exact numbers and for screen readers.
 */
import type { Translator } from "../../i18n/translator.ts";
import { DataTable } from "./patterns.tsx";

export interface DayCount {
  day: string;
  count: number;
}

const width = 600;
const height = 160;
/** A lone day is a bar, not a block filling the chart. */
const widestBar = 36;

export function DayChart(props: {
  t: Translator;
  /** Unique on the page: the SVG's title is referenced by this id. */
  id: string;
  /** What the chart shows, said in a sentence (its accessible name and caption). */
  summary: string;
  days: DayCount[];
  labels: { table: string; day: string; count: string };
}) {
  const { t, days } = props;
  const max = Math.max(1, ...days.map((d) => d.count));
  const slot = days.length > 0 ? width / days.length : width;
  const barWidth = Math.max(1, Math.min(slot - 4, widestBar));
  return (
    <figure>
      {/* 20 units of margin each side keep the first and last days' labels inside the picture. */}
      <svg class="chart" viewBox={`-20 0 ${width + 40} ${height + 20}`} role="img" aria-labelledby={props.id}>
        <title id={props.id}>{props.summary}</title>
        {days.map((d, i) => {
          const barHeight = Math.round((d.count / max) * height);
          // Up to 15 days all are labelled; past that every fifth, counted back from the last.
          const labelled = days.length <= 15 || (days.length - 1 - i) % 5 === 0;
          const middle = i * slot + slot / 2;
          return (
            <g>
              {barHeight > 0 ? (
                <rect x={middle - barWidth / 2} y={height - barHeight} width={barWidth} height={barHeight} />
              ) : null}
              {labelled ? (
                <text x={middle} y={height + 14} text-anchor="middle">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption class="note">{props.summary}</figcaption>
      <DataTable
        caption={props.labels.table}
        rows={days.filter((d) => d.count > 0)}
        columns={[
          { label: props.labels.day, cell: (d) => d.day },
          { label: props.labels.count, cell: (d) => t.number(d.count) },
        ]}
      />
    </figure>
  );
}
