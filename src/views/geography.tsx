/**
 * Where signers are, as organizers and (when the sponsor shows it) the public see it: the county
 * map as inline SVG (no script, no tiles), its legend, and the table of the same figures that
 * screen readers are pointed to.
 */
import type { Translator } from "../i18n/translator.ts";
import type { GeographyFigures, ShownCount, SignersGeography } from "../modules/geography/geography.ts";

/** Light to dark; the lightest is "fewer than 5". */
const shadeColors = ["#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b"] as const;
const tableId = "signers-table";
/** One entry per shade: "fewer than 5", then the bucket from each of `shadeFloors` on. */
const legendKeys = [
  "geography.legend.0",
  "geography.legend.1",
  "geography.legend.2",
  "geography.legend.3",
  "geography.legend.4",
] as const;

export function shownCountText(t: Translator, count: ShownCount): string {
  if ("exact" in count) return t.number(count.exact);
  if ("about" in count) return t.t("geography.about", { count: t.number(count.about) });
  return t.t("geography.fewerThan", { limit: count.fewerThan });
}

export function SignersGeographyView({
  t,
  title,
  geography,
}: {
  t: Translator;
  /** The action's title, which the map's title names. */
  title: string;
  geography: SignersGeography;
}) {
  const { figures, map } = geography;
  return (
    <>
      <p>{t.t("geography.intro")}</p>
      <p>
        {t.t("geography.total", { count: figures.total })}{" "}
        {figures.total > 0 ? t.t("geography.unknown", { count: shownCountText(t, figures.unknown) }) : null}
      </p>
      {figures.states.length === 0 ? (
        <p>{t.t("geography.none")}</p>
      ) : (
        <>
          <p>
            <a href={`#${tableId}`}>{t.t("geography.map.toTable")}</a>
          </p>
          <svg
            xmlns="http://www.w3.org/2000/svg"
            viewBox={`0 0 ${map.width} ${map.height}`}
            role="img"
            aria-labelledby="map-title map-desc"
          >
            <title id="map-title">{t.t("geography.map.title", { title })}</title>
            <desc id="map-desc">{t.t("geography.map.desc")}</desc>
            {/* An outline, so the lightest shade stands out from the white around it. */}
            <g stroke="#333" stroke-width="0.4">
              {map.counties.map((county) => (
                <path d={county.path} fill={shadeColors[county.shade]}>
                  <title>{`${county.label}: ${shownCountText(t, county.count)}`}</title>
                </path>
              ))}
            </g>
            <path d={map.statesPath} fill="none" stroke="#555" stroke-width="0.6" stroke-linejoin="round" />
          </svg>
          <Legend t={t} />
          {map.unmapped.length > 0 ? (
            <p class="note">{t.t("geography.unmapped", { places: map.unmapped.join("; ") })}</p>
          ) : null}
          <FiguresTable t={t} figures={figures} />
        </>
      )}
      <p class="note">
        <a href="https://simplemaps.com/data/us-zips">{t.t("geography.source")}</a>
      </p>
    </>
  );
}

function Legend({ t }: { t: Translator }) {
  return (
    <>
      <h2>{t.t("geography.legend")}</h2>
      <ul class="legend">
        {legendKeys.map((key, shade) => (
          <li>
            <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" aria-hidden="true">
              <rect width="16" height="16" fill={shadeColors[shade]} stroke="#555" />
            </svg>{" "}
            {t.t(key)}
          </li>
        ))}
      </ul>
    </>
  );
}

function FiguresTable({ t, figures }: { t: Translator; figures: GeographyFigures }) {
  const place = t.t("geography.table.place");
  const signers = t.t("geography.table.signers");
  return (
    <table class="data" id={tableId}>
      <caption>{t.t("geography.table.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{place}</th>
          <th scope="col">{signers}</th>
        </tr>
      </thead>
      {figures.states.map((state) => (
        <tbody>
          <tr>
            <th scope="row">{t.t("geography.table.stateTotal", { state: state.stateName })}</th>
            <td data-label={signers}>{shownCountText(t, state.count)}</td>
          </tr>
          {state.counties.map((county) => (
            <tr>
              <td data-label={place}>{`${county.countyName}, ${county.stateName}`}</td>
              <td data-label={signers}>{shownCountText(t, county.count)}</td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}
