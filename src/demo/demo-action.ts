/**
 * The model action: a 2010 alert by the National Day Laborer Organizing Network. The facts come
 * from seed-action.json (a copy of the shared fixture); the page copy is our own, in both languages.
 */
import type { ActionText, Target } from "../modules/actions/actions.ts";
import facts from "./seed-action.json" with { type: "json" };

export const demoFacts = facts.action;

export const demoText: Record<"en" | "es", ActionText> = {
  en: {
    title: "Let counties opt out of Secure Communities",
    summary:
      "Local police fingerprints go straight to immigration agents under S-Comm, even when charges are dropped. Counties that want out should be allowed to leave now.",
    description: [
      "Under the **Secure Communities** program (S-Comm), every set of fingerprints that local police take at booking is passed automatically to Immigration and Customs Enforcement (ICE). That happens even when the charges are later dropped, and even when the arrest should never have happened.",
      "The result: local police end up acting as immigration agents, and immigrant families learn that calling 911 can cost them their home. Trust between communities and the police breaks down, and everyone is less safe.",
      "## What has happened",
      [
        "- In July 2010, a Chinese immigrant woman in California called the police for help because of domestic violence. She was the one arrested; her fingerprints went to ICE and she was handed to ICE custody, though no charges were ever filed.",
        "- By 2010, S-Comm was running in more than 600 counties.",
        "- Arlington County (Virginia), San Francisco (California) and Santa Clara County (California) have asked to leave the program.",
        "- The Secretary of Homeland Security wants every county in the country to take part.",
      ].join("\n"),
      "Counties that have looked at the harm and decided to step away should be free to do so. Add your name and ask the Secretary to honor their choice.",
    ].join("\n\n"),
    letterText: [
      "Dear Secretary Napolitano,",
      "Counties across the country have seen what Secure Communities does to public safety: victims and witnesses stop calling the police when any arrest can end in deportation. Arlington, San Francisco and Santa Clara have asked to leave the program.",
      "**We ask you to allow counties to opt out of Secure Communities immediately.**",
    ].join("\n\n"),
  },
  es: {
    title: "Que los condados puedan salir de Comunidades Seguras",
    summary:
      "Con S-Comm, las huellas que toma la policía local llegan directo a los agentes de inmigración, aunque se retiren los cargos. Los condados que quieran salir deben poder hacerlo ya.",
    description: [
      "Con el programa **Comunidades Seguras** (S-Comm), todas las huellas que la policía local toma al fichar a una persona se envían automáticamente al Servicio de Inmigración y Control de Aduanas (ICE). Eso pasa aunque luego se retiren los cargos, y aunque el arresto nunca debió ocurrir.",
      "El resultado: la policía local termina actuando como agente de inmigración, y las familias inmigrantes aprenden que llamar al 911 puede costarles su hogar. Se rompe la confianza entre las comunidades y la policía, y todas las personas quedan menos seguras.",
      "## Lo que ha pasado",
      [
        "- En julio de 2010, una mujer inmigrante china en California llamó a la policía para pedir ayuda por violencia doméstica. La arrestaron a ella; sus huellas llegaron a ICE y la entregaron a la custodia de ICE, aunque nunca se presentaron cargos.",
        "- En 2010, S-Comm ya funcionaba en más de 600 condados.",
        "- El condado de Arlington (Virginia), San Francisco (California) y el condado de Santa Clara (California) han pedido salir del programa.",
        "- La Secretaria de Seguridad Nacional quiere que todos los condados del país participen.",
      ].join("\n"),
      "Los condados que han visto el daño y decidieron apartarse deben tener la libertad de hacerlo. Agregue su nombre y pida a la Secretaria que respete su decisión.",
    ].join("\n\n"),
    letterText: [
      "Estimada Secretaria Napolitano:",
      "Condados de todo el país han visto lo que Comunidades Seguras le hace a la seguridad pública: las víctimas y los testigos dejan de llamar a la policía cuando cualquier arresto puede terminar en deportación. Arlington, San Francisco y Santa Clara han pedido salir del programa.",
      "**Le pedimos que permita a los condados salir de Comunidades Seguras de inmediato.**",
    ].join("\n\n"),
  },
};

export const demoTargets: Record<"en" | "es", Target[]> = {
  en: facts.action.targets.map((t) => ({ name: t.name, title: t.title })),
  es: facts.action.targets.map((t) => ({ name: t.name, title: "Secretaria de Seguridad Nacional" })),
};

/** A goal for the demo; the 2010 alert did not publish one. */
export const demoGoal = 5000;
