import { describe, expect, it } from "vitest";
import { CatalogError, catalogs, mergeAreas } from "./catalog.ts";

describe("mergeAreas", () => {
  it("merges the areas into one catalog per language", () => {
    const merged = mergeAreas({
      signing: { en: { "sign.go": "Sign" }, es: { "sign.go": "Firmar" } },
      admin: { en: { "admin.title": "Admin" }, es: { "admin.title": "Administración" } },
    });
    expect(merged).toEqual({
      en: { "sign.go": "Sign", "admin.title": "Admin" },
      es: { "sign.go": "Firmar", "admin.title": "Administración" },
    });
  });

  it("refuses a key defined in two areas, naming the key and both areas", () => {
    const assemble = () =>
      mergeAreas({
        signing: {
          en: { "form.submit": "Sign", "sign.go": "Go" },
          es: { "form.submit": "Firmar", "sign.go": "Ir" },
        },
        admin: { en: { "form.submit": "Save" }, es: { "form.submit": "Guardar" } },
      });
    expect(assemble).toThrow(CatalogError);
    expect(assemble).toThrow('Message keys defined in more than one area: "form.submit" (signing, admin)');
  });

  it("refuses Spanish that lacks a key or has one English does not", () => {
    expect(() => mergeAreas({ a: { en: { one: "One", two: "Two" }, es: { one: "Uno" } } })).toThrow(
      'Message catalogs differ: es lacks "two"',
    );
    expect(() => mergeAreas({ a: { en: { one: "One" }, es: { one: "Uno", tres: "Tres" } } })).toThrow(
      'Message catalogs differ: es has keys en does not: "tres"',
    );
  });

  it("assembled the real catalogs (every area) without a complaint", () => {
    expect(Object.keys(catalogs.en).length).toBeGreaterThan(100);
    expect(catalogs.en["site.name"]).toBe("Juntos");
  });
});
