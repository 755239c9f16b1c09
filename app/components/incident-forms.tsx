/**
 * The fields of the incident set-up forms (incident, hotline, site, exposure window), shared by
 * the "new" and "edit" pages. Every field is uncontrolled with a defaultValue taken from the
 * stored record or, after a refused submission, from what the user typed, so nothing is lost.
 */
import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";
import type { WeeklyHours } from "~/domain/business-hours";
import {
  BLANK_REPORT_ROWS,
  HOTLINE_KINDS,
  REPORT_FIELDS,
  STOLEN_ITEMS,
  WEEKDAYS,
  hoursFieldName,
  reportRowIndexes,
  weeklyHoursToGrid,
  gridFromValues,
} from "~/domain/incident-form";
import type { FormValues, ReportEntry } from "~/domain/incident-form";

/** Translated messages per field name. */
export type FormErrors = Record<string, string>;

/** What an action returns when it refuses a form: which form, what was typed, what is wrong. */
export type FormFailure = { intent: string; target: string | null; values: FormValues; errors: FormErrors };

// ---------------------------------------------------------------------------------------------
// Stored records → form values
// ---------------------------------------------------------------------------------------------

export function incidentToValues(i: {
  companyJa: string;
  companyEn: string;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  noticeDate: string;
  discoveredOn: string | null;
  maxAffected: number | null;
  reportedTo: ReportEntry[];
  active: boolean;
}): FormValues {
  const values: FormValues = {
    companyJa: i.companyJa,
    companyEn: i.companyEn,
    titleJa: i.titleJa,
    titleEn: i.titleEn,
    summaryJa: i.summaryJa,
    summaryEn: i.summaryEn,
    noticeDate: i.noticeDate,
    discoveredOn: i.discoveredOn ?? "",
    maxAffected: i.maxAffected === null ? "" : String(i.maxAffected),
  };
  if (i.active) values.active = "on";
  i.reportedTo.forEach((r, n) => {
    for (const f of REPORT_FIELDS) values[`reportedTo.${n}.${f}`] = r[f] ?? "";
  });
  return values;
}

export function hotlineToValues(h: {
  kind: string;
  labelJa: string;
  labelEn: string;
  address: string;
  isMain: boolean;
  weeklyHours: WeeklyHours;
  yearEndClosure: boolean;
  responseTargetMinutes: number;
}): FormValues {
  const values: FormValues = {
    kind: h.kind,
    labelJa: h.labelJa,
    labelEn: h.labelEn,
    address: h.address,
    responseTargetMinutes: String(h.responseTargetMinutes),
  };
  if (h.isMain) values.isMain = "on";
  if (h.yearEndClosure) values.yearEndClosure = "on";
  const grid = weeklyHoursToGrid(h.weeklyHours);
  for (const day of WEEKDAYS) grid[day].forEach((text, slot) => (values[hoursFieldName(day, slot)] = text));
  return values;
}

export function siteToValues(s: { nameJa: string; nameEn: string; url: string | null; stolenItems: string[] }): FormValues {
  return { nameJa: s.nameJa, nameEn: s.nameEn, url: s.url ?? "", stolenItems: s.stolenItems };
}

export function windowToValues(w: { startDate: string; endDate: string; note: string | null }): FormValues {
  return { startDate: w.startDate, endDate: w.endDate, note: w.note ?? "" };
}

// ---------------------------------------------------------------------------------------------
// Field helpers
// ---------------------------------------------------------------------------------------------

function valueOf(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === "string" ? v : Array.isArray(v) ? (v[0] ?? "") : "";
}

function fieldId(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/\./g, "-")}`;
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p className="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

type TextFieldProps = {
  prefix: string;
  name: string;
  label: string;
  values: FormValues;
  errors: FormErrors;
  type?: "text" | "date" | "email" | "url" | "number";
  required?: boolean;
  help?: string;
  maxLength?: number;
  multiline?: boolean;
  inputMode?: "numeric" | "text";
  placeholder?: string;
};

export function TextField({
  prefix,
  name,
  label,
  values,
  errors,
  type = "text",
  required,
  help,
  maxLength,
  multiline,
  inputMode,
  placeholder,
}: TextFieldProps) {
  const id = fieldId(prefix, name);
  const error = errors[name];
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    defaultValue: valueOf(values, name),
    required,
    maxLength,
    placeholder,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
  };
  return (
    <div className="incident-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea {...common} rows={6} /> : <input {...common} type={type} inputMode={inputMode} />}
      {help ? (
        <p className="muted field-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function CheckboxField({
  prefix,
  name,
  label,
  values,
  help,
}: {
  prefix: string;
  name: string;
  label: string;
  values: FormValues;
  help?: string;
}) {
  const id = fieldId(prefix, name);
  return (
    <div className="incident-field">
      <label className="checkbox-label" htmlFor={id}>
        <input
          type="checkbox"
          id={id}
          name={name}
          defaultChecked={valueOf(values, name) === "on"}
          aria-describedby={help ? `${id}-help` : undefined}
        />{" "}
        {label}
      </label>
      {help ? (
        <p className="muted field-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
    </div>
  );
}

/** A heading over a form's own errors when the problem is not tied to one field. */
export function FormLevelError({ errors }: { errors: FormErrors }) {
  const { t } = useTranslation("incidents");
  if (Object.keys(errors).length === 0) return null;
  return (
    <p className="notice error" role="alert">
      {errors.form ?? t("formHasErrors")}
    </p>
  );
}

// ---------------------------------------------------------------------------------------------
// Incident
// ---------------------------------------------------------------------------------------------

export function IncidentFieldset({
  prefix,
  values,
  errors,
  slug,
}: {
  prefix: string;
  values: FormValues;
  errors: FormErrors;
  slug: ReactNode;
}) {
  const { t } = useTranslation("incidents");
  const indexes = reportRowIndexes(values);
  const filled = indexes.filter((i) => REPORT_FIELDS.some((f) => valueOf(values, `reportedTo.${i}.${f}`).trim() !== ""));
  const rowCount = Math.max(
    indexes.length > 0 ? Math.max(...indexes) + 1 : 0,
    (filled.length > 0 ? Math.max(...filled) + 1 : 0) + BLANK_REPORT_ROWS,
  );
  const f = (name: string, label: string, extra: Partial<TextFieldProps> = {}) => (
    <TextField prefix={prefix} name={name} label={label} values={values} errors={errors} {...extra} />
  );
  return (
    <>
      {slug}
      <div className="incident-pair">
        {f("companyJa", t("fields.companyJa"), { required: true, maxLength: 200 })}
        {f("companyEn", t("fields.companyEn"), { required: true, maxLength: 200 })}
      </div>
      <div className="incident-pair">
        {f("titleJa", t("fields.titleJa"), { required: true, maxLength: 300 })}
        {f("titleEn", t("fields.titleEn"), { required: true, maxLength: 300 })}
      </div>
      <div className="incident-pair">
        {f("summaryJa", t("fields.summaryJa"), { required: true, multiline: true, help: t("fields.summaryHelp") })}
        {f("summaryEn", t("fields.summaryEn"), { required: true, multiline: true })}
      </div>
      <div className="incident-pair">
        {f("noticeDate", t("fields.noticeDate"), { type: "date", required: true })}
        {f("discoveredOn", t("fields.discoveredOn"), { type: "date" })}
        {f("maxAffected", t("fields.maxAffected"), { inputMode: "numeric", help: t("fields.maxAffectedHelp") })}
      </div>
      <fieldset className="incident-reports">
        <legend>{t("fields.reportedTo")}</legend>
        <p className="muted field-help">{t("fields.reportedToHelp")}</p>
        {Array.from({ length: rowCount }, (_, n) => (
          <div className="incident-report-row" key={n} role="group" aria-label={t("fields.row", { n: n + 1 })}>
            {f(`reportedTo.${n}.authority`, t("fields.authority"), { maxLength: 200 })}
            {f(`reportedTo.${n}.authorityEn`, t("fields.authorityEn"), { maxLength: 200 })}
            {f(`reportedTo.${n}.date`, t("fields.reportDate"), { type: "date" })}
            {f(`reportedTo.${n}.noteJa`, t("fields.noteJa"), { maxLength: 500 })}
            {f(`reportedTo.${n}.noteEn`, t("fields.noteEn"), { maxLength: 500 })}
          </div>
        ))}
      </fieldset>
      <CheckboxField prefix={prefix} name="active" label={t("fields.active")} values={values} help={t("fields.activeHelp")} />
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Hotline
// ---------------------------------------------------------------------------------------------

export function HotlineFieldset({ prefix, values, errors }: { prefix: string; values: FormValues; errors: FormErrors }) {
  const { t } = useTranslation("incidents");
  const grid = gridFromValues(values);
  const kind = valueOf(values, "kind") || "phone";
  const kindId = fieldId(prefix, "kind");
  return (
    <>
      <div className="incident-pair">
        <div className="incident-field">
          <label htmlFor={kindId}>{t("hotline.kind")}</label>
          <select id={kindId} name="kind" defaultValue={kind} aria-invalid={errors.kind ? true : undefined}>
            {HOTLINE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`hotline.kinds.${k}`)}
              </option>
            ))}
          </select>
          <FieldError id={`${kindId}-error`} message={errors.kind} />
        </div>
        <TextField
          prefix={prefix}
          name="address"
          label={t("hotline.address")}
          values={values}
          errors={errors}
          required
          maxLength={254}
          help={t("hotline.addressHelp")}
        />
      </div>
      <div className="incident-pair">
        <TextField
          prefix={prefix}
          name="labelJa"
          label={t("hotline.labelJa")}
          values={values}
          errors={errors}
          required
          maxLength={100}
        />
        <TextField
          prefix={prefix}
          name="labelEn"
          label={t("hotline.labelEn")}
          values={values}
          errors={errors}
          required
          maxLength={100}
        />
      </div>
      <fieldset className="hours-grid">
        <legend>{t("hotline.hours")}</legend>
        <p className="muted field-help" id={`${prefix}-hours-help`}>
          {t("hotline.hoursHelp")}
        </p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("hotline.day")}</th>
                {grid.mon.map((_, slot) => (
                  <th scope="col" key={slot}>
                    {t("hotline.range", { n: slot + 1 })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((day) => {
                const error = errors[`hours.${day}`];
                const errorId = `${prefix}-hours-${day}-error`;
                return (
                  <tr key={day}>
                    <th scope="row">{t(`weekdays.${day}`)}</th>
                    {grid[day].map((text, slot) => {
                      const name = hoursFieldName(day, slot);
                      return (
                        <td key={slot}>
                          <input
                            type="text"
                            id={fieldId(prefix, name)}
                            name={name}
                            defaultValue={text}
                            placeholder="10:00-18:00"
                            size={13}
                            maxLength={20}
                            aria-label={`${t(`weekdays.${day}`)} ${t("hotline.range", { n: slot + 1 })}`}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? errorId : undefined}
                          />
                          {slot === grid[day].length - 1 ? <FieldError id={errorId} message={error} /> : null}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      <CheckboxField prefix={prefix} name="yearEndClosure" label={t("hotline.yearEndClosure")} values={values} />
      <CheckboxField prefix={prefix} name="isMain" label={t("hotline.isMain")} values={values} help={t("hotline.isMainHelp")} />
      <TextField
        prefix={prefix}
        name="responseTargetMinutes"
        label={t("hotline.responseTarget")}
        values={values}
        errors={errors}
        inputMode="numeric"
        help={t("hotline.responseTargetHelp")}
      />
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Site and window
// ---------------------------------------------------------------------------------------------

export function SiteFieldset({
  prefix,
  values,
  errors,
  slug,
}: {
  prefix: string;
  values: FormValues;
  errors: FormErrors;
  slug?: ReactNode;
}) {
  const { t } = useTranslation("incidents");
  const { t: tc } = useTranslation();
  const chosen = new Set(Array.isArray(values.stolenItems) ? values.stolenItems : values.stolenItems ? [values.stolenItems] : []);
  const errorId = `${prefix}-stolenItems-error`;
  return (
    <>
      {slug}
      <div className="incident-pair">
        <TextField
          prefix={prefix}
          name="nameJa"
          label={t("site.nameJa")}
          values={values}
          errors={errors}
          required
          maxLength={200}
        />
        <TextField
          prefix={prefix}
          name="nameEn"
          label={t("site.nameEn")}
          values={values}
          errors={errors}
          required
          maxLength={200}
        />
      </div>
      <TextField prefix={prefix} name="url" label={t("site.url")} values={values} errors={errors} type="url" maxLength={500} />
      <fieldset className="stolen-items" aria-describedby={errors.stolenItems ? errorId : undefined}>
        <legend>{t("site.stolenItems")}</legend>
        {STOLEN_ITEMS.map((item) => (
          <label key={item} className="checkbox-label" htmlFor={`${prefix}-stolen-${item}`}>
            <input
              type="checkbox"
              id={`${prefix}-stolen-${item}`}
              name="stolenItems"
              value={item}
              defaultChecked={chosen.has(item)}
            />{" "}
            {tc(`stolen.${item}`)}
          </label>
        ))}
        <FieldError id={errorId} message={errors.stolenItems} />
      </fieldset>
    </>
  );
}

export function WindowFields({ prefix, values, errors }: { prefix: string; values: FormValues; errors: FormErrors }) {
  const { t } = useTranslation("incidents");
  return (
    <div className="incident-pair">
      <TextField
        prefix={prefix}
        name="startDate"
        label={t("window.startDate")}
        values={values}
        errors={errors}
        type="date"
        required
      />
      <TextField
        prefix={prefix}
        name="endDate"
        label={t("window.endDate")}
        values={values}
        errors={errors}
        type="date"
        required
      />
      <TextField prefix={prefix} name="note" label={t("window.note")} values={values} errors={errors} maxLength={500} />
    </div>
  );
}
