import type { Translation } from "../types";
import type ja from "../ja/waivers";

/** English: card reissue-fee waiver requests (public form, status, agent form, supervisor list). */
const waivers: Translation<typeof ja> = {
  statuses: {
    submitted: "Received",
    verified: "Checked",
    sent: "Sent to the card company",
    confirmed: "Done by the card company",
    rejected: "Not accepted",
  },
  statusHelp: {
    submitted: "We have received your request and are checking it.",
    verified: "We have checked your request and will pass it to your card company.",
    sent: "We have passed your request to your card company. Please wait for the card company's answer.",
    confirmed: "Your card company has dealt with the request. To have your card reissued, please contact your card company.",
    rejected: "We could not accept this request. Please see the reason, and call us if anything is unclear.",
  },
  sources: { "self-check": "Web", agent: "Phone", email: "Email" },
  fields: {
    name: "Name (as used for the order or booking)",
    email: "Email address",
    phone: "Phone number",
    reference: "Order or reservation number (if you have it)",
    cardCompany: "Card company (the company on the back of your card)",
    choose: "Please choose",
    cardBrand: "Card brand (optional)",
    unknownBrand: "Don't know",
    otherBrand: "Other",
    last4Optional: "Last 4 digits of the card number (optional)",
    last4: "Last 4 digits of the card number",
    waiverReference: "Reference number (starts with W-)",
    contact: "The email address or phone number you gave in your request",
    contactName: "Name",
    source: "Received by",
  },
  validation: {
    required: "Please fill this in.",
    tooLong: "Please use at most {{max}} characters.",
    invalidChoice: "Please choose from the list.",
    chooseCompany: 'Please choose your card company. If it is not listed, choose "Other".',
    consent: "We can only make the request if you agree that we tell your card company.",
    consentAgent: "Confirm the caller's consent before registering the request.",
    contactRequired: "Please give an email address or a phone number.",
    email: "Please enter a valid email address.",
    phone: "Please enter a valid phone number (e.g. 03-1234-5678).",
    last4: "Please enter exactly 4 digits. Never enter the whole card number.",
    last4Mismatch: "These last 4 digits do not match the card used for the affected purchase. You may leave the field empty.",
    last4Required: "For this purchase we need the last 4 digits of the card number.",
  },
  public: {
    title: "Ask for the card reissue fee to be waived",
    intro:
      "If you are affected by this incident and want a new card number (a reissued card), we will ask your card company not to charge you the reissue fee. To confirm who you are, enter the name you used for the order or booking and your email address or phone number.",
    noCardNumber:
      "Do not enter your card number (other than the last 4 digits), expiry date or security code. We will never ask for them.",
    chooseIncident: "Please choose the incident.",
    identityLegend: "Who you are",
    identityHelp:
      "We check these against your order or booking. The email address or phone number you enter here is also what you use to follow your request.",
    cardLegend: "Your card",
    cardCompanyHelp: "Choose the card company printed on the back of your card.",
    last4Help:
      "You may leave this empty. If you fill it in, enter only the last 4 digits of the card used for the affected purchase.",
    consent:
      "I agree that, for this request, the company tells the card company above my name and that I am affected by this incident.",
    submit: "Send the request",
    honeypot: "Leave this field empty",
    alreadyRequested: "Already asked? Check your request",
    rateLimited: "Too many attempts in a short time. Please try again in about {{minutes}} minutes.",
    notAccepted: "We could not accept the request. Please check what you entered and try again.",
    cannotConfirm:
      "With the details you entered we could not confirm that you are among the affected customers. Please check the name, email address and phone number you used for the order or booking and try again.",
    callUs: "If this does not help, please call us on {{number}} ({{hours}}).",
    duplicate:
      "A request for this card has already been received with reference number {{reference}}. You can follow it with that number and the email address or phone number you gave.",
    doneTitle: "Your request has been received",
    doneBody: "Your reference number is below. Please keep it: you will need it to check the status or when you contact us.",
    doneNext:
      "You can check the status with the reference number and the email address or phone number you entered. To have your card reissued, please contact your card company.",
    checkStatus: "Check the status of your request",
  },
  status: {
    title: "Status of your reissue-fee request",
    intro: "Enter your reference number and the email address or phone number you gave in your request.",
    reference: "Reference number",
    current: "Status",
    reason: "Reason",
    cardCompany: "Card company",
    history: "History",
    notFound:
      "We found no request for this combination of reference number and email address or phone number. Please check what you entered.",
    submit: "Check",
  },
  agent: {
    title: "Take a reissue-fee waiver request",
    verifyTitle: "Identity check",
    verifyFirst:
      "Verify the caller's identity (two matching details) for this record, no more than {{minutes}} minutes before taking the request.",
    verify: "Verify",
    notVerified: "These details do not verify the caller as the customer on this record.",
    openExists: "This record already has an open request:",
    noCardNumber:
      "Do not ask for the card number, expiry date or security code. The last 4 digits come from the affected record.",
    cardOnRecord: "Card on record",
    consent: "The caller agreed that we tell the card company their name and that they are affected.",
    submit: "Register the request",
    created: "Request registered. Read the reference number out to the caller.",
    duplicate: "A request for this card is already open with reference number {{reference}}.",
    backToScript: "Back to the call script",
  },
  list: {
    title: "Reissue-fee waiver requests",
    intro:
      "Check each request against the affected record, then mark it checked, or refuse it with a reason. Sending them to the card companies in batches comes with a later feature.",
    done: 'Changed to "{{status}}".',
    status: "Status",
    all: "All",
    filter: "Filter",
    total: "{{n}} requests",
    reference: "Reference",
    created: "Received",
    card: "Card",
    customer: "Customer",
    actions: "Actions",
    empty: "No requests match.",
    reason: "Reason for refusing (shown to the customer)",
    to: {
      submitted: "Back to received",
      verified: "Mark checked",
      sent: "Mark sent",
      confirmed: "Mark done",
      rejected: "Refuse",
    },
    pages: "Pages",
    prev: "← Previous",
    next: "Next →",
    pageOf: "Page {{page}} of {{pages}}",
    sentByBatch: '"Sent to the card company" is set by the batch sent to the card company.',
    reasonRequired: "Please give the reason for refusing (at most {{max}} characters).",
    conflict: "Someone else changed this request first. Please check the list.",
    notFound: "Request not found.",
    notAllowed: "The request cannot move to that status from its current one.",
  },
};

export default waivers;
