/**
 * The bookkeeping of one card-number fuzz run: every generated number and security-code sentence
 * with a label saying where it was sent (input / field / format), and per input the requests made
 * and the statuses they answered, checked against what that input is expected to answer.
 */
import type { Sent } from "./http";
import { allFormats, CardNumberSource, securityCodeContext } from "./generate";
import type { Format } from "./generate";

export type InputReport = {
  input: string;
  /** What the product does with card data in this input, as found and checked by the run. */
  behaviour: string;
  requests: number;
  statuses: Record<string, number>;
  unexpected: string[];
  numbers: number;
  codes: number;
};

export class FuzzRun {
  readonly source: CardNumberSource;
  readonly formats: Format[] = allFormats();
  readonly numbers: { digits: string; label: string }[] = [];
  readonly codes: { text: string; code: string; template: string; label: string }[] = [];
  readonly inputs = new Map<string, InputReport>();
  private codeCount = 0;

  constructor(seed: number) {
    this.source = new CardNumberSource(seed);
  }

  private input(name: string): InputReport {
    let report = this.inputs.get(name);
    if (!report) {
      report = { input: name, behaviour: "", requests: 0, statuses: {}, unexpected: [], numbers: 0, codes: 0 };
      this.inputs.set(name, report);
    }
    return report;
  }

  /** States what the product does with card data in an input (shown in the summary). */
  describe(input: string, behaviour: string): void {
    this.input(input).behaviour = behaviour;
  }

  /** A fresh card number written in `format`, remembered with its label. */
  card(input: string, field: string, format: Format): string {
    const { digits, brand } = this.source.next();
    this.numbers.push({ digits, label: `${input} / ${field} / ${format.name}` });
    this.input(input).numbers += 1;
    return format.render(digits, brand.groups);
  }

  /** A fresh security-code sentence ("CVV: 1234"), remembered with its label. */
  code(input: string, field: string): string {
    const context = securityCodeContext(this.source, this.codeCount);
    this.codeCount += 1;
    this.codes.push({ ...context, label: `${input} / ${field} / "${context.template}"` });
    this.input(input).codes += 1;
    return context.text;
  }

  /** Free text as an agent or customer writes it: a card number and a security code in a sentence. */
  note(input: string, field: string, format: Format): string {
    return `お客様よりカード番号 ${this.card(input, field, format)} を伝えられました。${this.code(input, field)} とのこと。折り返し不要。`;
  }

  /** A short field (name, reference): a word and a card number, with a security code when `withCode`. */
  short(input: string, field: string, format: Format, word: string, withCode = true): string {
    return `${word} ${this.card(input, field, format)}${withCode ? ` ${this.code(input, field)}` : ""}`;
  }

  /** An email address with the card number in its local part, for formats that make a valid address. */
  email(input: string, field: string, format: Format, fallback: string): string {
    return format.emailSafe ? `taro.${this.card(input, field, format)}@example.jp` : fallback;
  }

  /** Records one request's answer; an answer outside `expected` is an unexpected error of the input. */
  record(
    input: string,
    what: string,
    sent: Pick<Sent, "status" | "body">,
    expected: readonly number[],
  ): Pick<Sent, "status" | "body"> {
    const report = this.input(input);
    report.requests += 1;
    report.statuses[String(sent.status)] = (report.statuses[String(sent.status)] ?? 0) + 1;
    if (!expected.includes(sent.status)) {
      const excerpt = sent.body.replace(/\s+/g, " ").slice(0, 200);
      report.unexpected.push(`${what}: status ${sent.status}, expected ${expected.join(" or ")} (${excerpt})`);
    }
    return sent;
  }

  /** A failure of the run itself in an input (a step that could not be made). */
  fail(input: string, message: string): void {
    this.input(input).unexpected.push(message);
  }
}

/** Runs `task` for every item, `concurrency` at a time, in order of start. */
export async function eachLimit<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
