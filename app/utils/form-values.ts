import type { FormValues } from "~/domain/incident-form";

/**
 * A submitted form as plain values for the rules in app/domain: one string per field, a list
 * for fields named in `multi` (checkbox groups). Files and the CSRF token are left out, so the
 * values can be sent back to the page to re-fill the form after a refusal.
 */
export function formValues(form: FormData, { multi = [] }: { multi?: readonly string[] } = {}): FormValues {
  const values: FormValues = {};
  for (const key of new Set(form.keys())) {
    if (key === "csrf") continue;
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (multi.includes(key)) values[key] = all;
    else if (all.length > 0) values[key] = all[0]!;
  }
  return values;
}
