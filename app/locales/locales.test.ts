import { resources } from "./index";

function flatten(obj: unknown, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[path] = value;
    else Object.assign(out, flatten(value, path));
  }
  return out;
}

describe("translations", () => {
  it("has the same namespaces in Japanese and English", () => {
    expect(Object.keys(resources.en).sort()).toEqual(Object.keys(resources.ja).sort());
  });

  for (const ns of Object.keys(resources.ja) as (keyof typeof resources.ja)[]) {
    it(`has every key of namespace "${ns}" in both languages, none empty`, () => {
      const ja = flatten(resources.ja[ns]);
      const en = flatten(resources.en[ns]);
      const onlyJa = Object.keys(ja).filter((k) => !(k in en));
      const onlyEn = Object.keys(en).filter((k) => !(k in ja));
      expect({ onlyJa, onlyEn }).toEqual({ onlyJa: [], onlyEn: [] });
      const empty = Object.entries({ ...ja, ...en }).filter(([, v]) => v.trim() === "");
      expect(empty).toEqual([]);
    });

    it(`uses the same {{placeholders}} in both languages in "${ns}"`, () => {
      const ja = flatten(resources.ja[ns]);
      const en = flatten(resources.en[ns]);
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const mismatched = Object.keys(ja).filter((k) => JSON.stringify(vars(ja[k]!)) !== JSON.stringify(vars(en[k] ?? "")));
      expect(mismatched).toEqual([]);
    });
  }
});
