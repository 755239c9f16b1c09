import type { Translation } from "../types";
import type ja from "../ja/check";

/** English: the public self-check (/check). Must have exactly the keys of ja/check.ts. */
const check: Translation<typeof ja> = {
  title: "Check whether you are affected",
  intro: "Enter your name and the email address or phone number you gave when you ordered or booked, and we will tell you whether you are affected by this leak. If you have an order or reservation number, enter it too.",
  neverCard: "This page never asks for your card number or security code.",
  privacy: "What you enter is used only for this check. Our record of the check keeps only a form that cannot be turned back into what you typed (a keyed hash).",
  fields: {
    incident: "Incident",
    chooseIncident: "Please choose",
    name: "Name",
    nameHelp: "The name you ordered or booked with (kanji, kana or romaji)",
    email: "Email address",
    phone: "Phone number",
    contactHelp: "Enter at least one of your email address and your phone number.",
    reference: "Order or reservation number (if you have one)",
    honeypot: "Leave this field empty",
  },
  submit: "Check",
  errors: {
    title: "Please check what you entered",
    incident: "Choose an incident.",
    name: "Enter your name.",
    contact: "Enter your email address or your phone number.",
    email: "Enter an email address.",
    phone: "Enter a valid phone number (e.g. 090-1234-5678).",
    tooLong: "Enter at most {{max}} characters.",
    honeypot: "We could not process this form. Please reload the page and try again.",
  },
  rateLimited: {
    title: "Too many checks",
    body: "There have been too many checks in a short time, so we have paused them for a while. Please try again in {{minutes}} minutes, or contact the inquiry line below.",
  },
  result: {
    heading: "Result",
    affected: {
      title: "You are among the affected customers",
      lead: "The details you entered match our list of customers whose data may have been stolen. We are very sorry for the trouble and worry this causes you.",
      where: "Where you are affected",
      window: "Period: {{start}} to {{end}}",
      stolen: "Kinds of data that may have been stolen: {{items}}",
      todo: "What to do",
      watch: "Check your card statements regularly. If you see a charge you do not recognise, contact your card company at once.",
      issuer: "Your card company's number is on the back of your card. Ask them, too, if you want the card reissued with a new number.",
      fee: "The card reissue fee",
      feeFallback: "We have asked the card companies not to charge you the reissue fee.",
      waiverLink: "Request a reissue-fee waiver",
      phishing: "Neither we nor this desk will ever ask for your card number, security code or PIN by phone or email. Beware of such calls and messages.",
    },
    not_found: {
      title: "We did not find you on the list of affected customers",
      body1: "With the details you entered, we found no matching record among the customers affected by this leak.",
      body2: "If you may have used another spelling of your name, or another email address or phone number, when you ordered or booked, please try again with those.",
      body3: "As a precaution, check your card statements for charges you do not recognise. If anything is unclear, contact the inquiry line below.",
    },
    uncertain: {
      title: "We cannot confirm this on this page",
      body1: "With the details you entered, we cannot tell on this page whether you are affected.",
      body2: "Please contact the inquiry line below. A member of staff will confirm who you are and check for you.",
      body3: "We will not ask for your card number when you contact us either.",
    },
  },
  hotline: {
    title: "Inquiry line",
    hours: "Hours: {{hours}}",
    openNow: "Open now",
    opensAt: "Opens next: {{when}}",
    closed: "The phone line is currently not staffed",
    none: "See the incident notice for how to contact us.",
  },
  checkAgain: "Check with other details",
};

export default check;
