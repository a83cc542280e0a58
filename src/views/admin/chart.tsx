/** Confirmed signatures per day as a bar chart drawn on the server: no script, no image request. */
import type { Translator } from "../../i18n/translator.ts";

export function DailyChart({ t, days }: { t: Translator; days: { day: string; count: number }[] }) {
  const shown = days.slice(-30);
  const max = Math.max(1, ...shown.map((d) => d.count));
  const width = 600;
  const height = 200;
  const barWidth = shown.length > 0 ? width / shown.length : width;
  const summary = t.t("dashboard.chartSummary", { count: shown.length });
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-labelledby="chart-title">
        <title id="chart-title">{summary}</title>
        {shown.map((d, i) => {
          const barHeight = Math.round((d.count / max) * height);
          return (
            <g>
              <rect
                x={i * barWidth + 2}
                y={height - barHeight}
                width={Math.max(1, barWidth - 4)}
                height={barHeight}
              />
              {shown.length <= 15 ? (
                <text x={i * barWidth + barWidth / 2} y={height + 14} text-anchor="middle">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption class="note">{summary}</figcaption>
      <table>
        <caption class="note">{t.t("dashboard.perDay")}</caption>
        <thead>
          <tr>
            <th scope="col">{t.t("dashboard.day")}</th>
            <th scope="col">{t.t("dashboard.confirmed")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr>
              <td>{d.day}</td>
              <td>{t.number(d.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
