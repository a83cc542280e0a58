/** Where signers are: the county map and its table, for organizers and (when shown) the public. */
import type { Message } from "../message.ts";

export const en = {
  "geography.title": "Where signers are",
  "geography.heading": "Where signers of “{title}” are",
  "geography.back": "Back to the action",
  "geography.link": "Where signers are",
  "geography.publicLink": "See where signers are: a map by county",
  "geography.intro":
    "Confirmed signatures by state and county, from each signer’s ZIP code. A county or state with fewer than 5 signers shows only that, so no one can be singled out.",
  "geography.total": {
    one: "{count} confirmed signature in all.",
    other: "{count} confirmed signatures in all.",
  },
  "geography.unknown": "ZIP code not known (outside the US, or not in the table): {count}.",
  "geography.fewerThan": "fewer than {limit}",
  "geography.none": "No confirmed signature has a known US ZIP code yet.",
  "geography.map.title": "Map of the counties where “{title}” has signers",
  "geography.map.desc":
    "A map of the United States with state borders. Counties with signers are shaded, darker for more signers: fewer than 5, 5 to 24, 25 to 99, 100 to 499, 500 or more. The same figures are in the table below the map.",
  "geography.map.toTable": "Skip the map: the same figures as a table",
  "geography.legend": "Signers per county",
  "geography.legend.0": "fewer than 5",
  "geography.legend.1": "5 to 24",
  "geography.legend.2": "25 to 99",
  "geography.legend.3": "100 to 499",
  "geography.legend.4": "500 or more",
  "geography.table.caption": "Signers by state and county",
  "geography.table.place": "State or county",
  "geography.table.signers": "Signers",
  "geography.table.stateTotal": "{state}, all counties",
  "geography.unmapped":
    "Not on the map (the map’s shapes do not have them; they are in the table): {places}.",
  "geography.source":
    "ZIP codes to counties: SimpleMaps US ZIP Codes Basic 2024 (CC BY 4.0), from U.S. Census Bureau tables; each ZIP counts in its main county. Shapes: U.S. Census Bureau, through us-atlas.",
  "geography.public.heading": "Showing the public where signers are",
  "geography.public.on": "The public sees this map and table, linked from the action’s page.",
  "geography.public.off": "Only your organization sees this page. The public does not.",
  "geography.public.show": "Show it to the public",
  "geography.public.hide": "Stop showing it to the public",
  "geography.public.view": "Open the public page",
  "notice.geographyShown": "The public now sees where signers are, linked from the action’s page.",
  "notice.geographyHidden": "The public no longer sees where signers are.",
  "notice.geographyUnchanged": "Nothing changed: it already was so.",
  "audit.event.geographyShown": "Showed the public where signers of “{title}” are.",
  "audit.event.geographyHidden": "Stopped showing the public where signers of “{title}” are.",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "geography.title": "Dónde están los firmantes",
  "geography.heading": "Dónde están los firmantes de “{title}”",
  "geography.back": "Volver a la acción",
  "geography.link": "Dónde están los firmantes",
  "geography.publicLink": "Vea dónde están los firmantes: un mapa por condado",
  "geography.intro":
    "Firmas confirmadas por estado y condado, según el código postal (ZIP) de cada firmante. Un condado o estado con menos de 5 firmantes solo muestra eso, para que nadie pueda ser identificado.",
  "geography.total": {
    one: "{count} firma confirmada en total.",
    other: "{count} firmas confirmadas en total.",
  },
  "geography.unknown": "Código postal desconocido (fuera de EE. UU. o no está en la tabla): {count}.",
  "geography.fewerThan": "menos de {limit}",
  "geography.none": "Todavía ninguna firma confirmada tiene un código postal de EE. UU. conocido.",
  "geography.map.title": "Mapa de los condados donde “{title}” tiene firmantes",
  "geography.map.desc":
    "Un mapa de Estados Unidos con las fronteras de los estados. Los condados con firmantes están sombreados, más oscuros cuantos más firmantes: menos de 5, de 5 a 24, de 25 a 99, de 100 a 499, 500 o más. Las mismas cifras están en la tabla debajo del mapa.",
  "geography.map.toTable": "Saltar el mapa: las mismas cifras en una tabla",
  "geography.legend": "Firmantes por condado",
  "geography.legend.0": "menos de 5",
  "geography.legend.1": "de 5 a 24",
  "geography.legend.2": "de 25 a 99",
  "geography.legend.3": "de 100 a 499",
  "geography.legend.4": "500 o más",
  "geography.table.caption": "Firmantes por estado y condado",
  "geography.table.place": "Estado o condado",
  "geography.table.signers": "Firmantes",
  "geography.table.stateTotal": "{state}, todos los condados",
  "geography.unmapped": "No aparecen en el mapa (sus formas no están en él; sí en la tabla): {places}.",
  "geography.source":
    "Códigos postales a condados: SimpleMaps US ZIP Codes Basic 2024 (CC BY 4.0), a partir de tablas de la Oficina del Censo de EE. UU.; cada código cuenta en su condado principal. Formas: Oficina del Censo de EE. UU., mediante us-atlas.",
  "geography.public.heading": "Mostrar al público dónde están los firmantes",
  "geography.public.on": "El público ve este mapa y esta tabla, enlazados desde la página de la acción.",
  "geography.public.off": "Solo su organización ve esta página. El público no.",
  "geography.public.show": "Mostrarlo al público",
  "geography.public.hide": "Dejar de mostrarlo al público",
  "geography.public.view": "Abrir la página pública",
  "notice.geographyShown":
    "El público ya ve dónde están los firmantes, enlazado desde la página de la acción.",
  "notice.geographyHidden": "El público ya no ve dónde están los firmantes.",
  "notice.geographyUnchanged": "Nada cambió: ya estaba así.",
  "audit.event.geographyShown": "Mostró al público dónde están los firmantes de “{title}”.",
  "audit.event.geographyHidden": "Dejó de mostrar al público dónde están los firmantes de “{title}”.",
};
