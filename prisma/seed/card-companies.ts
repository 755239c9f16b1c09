/**
 * Card issuers a customer can name when asking for a reissue-fee waiver ("the company on the
 * back of your card"). Seeds CardCompany; `position` follows the order of this list.
 *
 * Where it comes from: the main card issuers among the members of the Japan Consumer Credit
 * Association (一般社団法人日本クレジット協会), with names as the issuers write them on their
 * own sites. It was compiled by hand and is not exhaustive: issuers merge and rename
 * (e.g. DC and NICOS became 三菱UFJニコス, Yahoo!カード became PayPayカード, セディナ is now
 * part of SMBCファイナンスサービス), so review it before each new incident. Admins can add
 * issuers at run time (CardCompany rows); this file only seeds the first list. Keep `other`
 * last: it is the choice when the customer's issuer is not listed.
 *
 * `code` is a stable key used in batches and exports: lower-case, kebab-case, never renamed.
 */
export type CardCompanySeed = { code: string; nameJa: string; nameEn: string };

export const cardCompanies: CardCompanySeed[] = [
  { code: "jcb", nameJa: "JCB（ジェーシービー）", nameEn: "JCB Co., Ltd." },
  { code: "smcc", nameJa: "三井住友カード", nameEn: "Sumitomo Mitsui Card Co., Ltd." },
  { code: "mufg-nicos", nameJa: "三菱UFJニコス", nameEn: "Mitsubishi UFJ NICOS Co., Ltd." },
  { code: "saison", nameJa: "クレディセゾン", nameEn: "Credit Saison Co., Ltd." },
  { code: "rakuten", nameJa: "楽天カード", nameEn: "Rakuten Card Co., Ltd." },
  { code: "aeon", nameJa: "イオンフィナンシャルサービス（イオンカード）", nameEn: "AEON Financial Service (AEON Card)" },
  { code: "uc", nameJa: "ユーシーカード", nameEn: "UC Card Co., Ltd." },
  { code: "amex", nameJa: "アメリカン・エキスプレス・インターナショナル", nameEn: "American Express International, Inc." },
  { code: "diners", nameJa: "三井住友トラストクラブ（ダイナースクラブ）", nameEn: "Sumitomo Mitsui Trust Club (Diners Club)" },
  { code: "epos", nameJa: "エポスカード", nameEn: "Epos Card Co., Ltd." },
  { code: "orico", nameJa: "オリエントコーポレーション（オリコ）", nameEn: "Orient Corporation (Orico)" },
  { code: "jaccs", nameJa: "ジャックス", nameEn: "JACCS Co., Ltd." },
  { code: "cedyna", nameJa: "セディナ（SMBCファイナンスサービス）", nameEn: "Cedyna (SMBC Finance Service)" },
  { code: "aplus", nameJa: "アプラス", nameEn: "Aplus Co., Ltd." },
  { code: "paypay-card", nameJa: "PayPayカード", nameEn: "PayPay Card Corporation" },
  { code: "docomo", nameJa: "NTTドコモ（dカード）", nameEn: "NTT DOCOMO (d Card)" },
  { code: "au-financial", nameJa: "auフィナンシャルサービス（au PAY カード）", nameEn: "au Financial Service (au PAY Card)" },
  { code: "lifecard", nameJa: "ライフカード", nameEn: "Lifecard Co., Ltd." },
  { code: "pocket-card", nameJa: "ポケットカード", nameEn: "Pocket Card Co., Ltd." },
  { code: "toyota-finance", nameJa: "トヨタファイナンス", nameEn: "Toyota Finance Corporation" },
  { code: "viewcard", nameJa: "ビューカード", nameEn: "Viewcard Co., Ltd." },
  { code: "seven-card", nameJa: "セブン・カードサービス", nameEn: "Seven Card Service Co., Ltd." },
  { code: "other", nameJa: "その他", nameEn: "Other" },
];
