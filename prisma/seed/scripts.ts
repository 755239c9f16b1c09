/**
 * Approved texts per incident, in Japanese and English: the public FAQ (kind "faq") and the
 * agents' branching call scripts (kind "call"). Pure data; the seeder stores each as a
 * Script with version 1 of ScriptVersion (status "approved").
 *
 * Every fact comes from the two published notices (/work/shared/seeds/). Where a caller asks
 * for something the notices do not say, the scripts say the desk cannot comment.
 *
 * Placeholders, filled in when shown: {{hotline}} (the main phone number as printed) and
 * {{hours}} (the line's opening hours, e.g. "平日 12:00～17:00"). "〇〇" is spoken by the
 * agent (their own name, the reference number on screen). Text in 【】 / [Agent: ...] is
 * guidance for the agent and is not read out.
 *
 * The desk never asks for card data. The waiver request in call.waiver-take needs only the
 * card company's name: the last four digits it stores come from the affected record.
 */

export type ScriptBranch = { labelJa: string; labelEn: string; next: string };

export type ScriptSeed = {
  key: string;
  kind: "faq" | "call";
  position: number;
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  mustNotSayJa?: string;
  mustNotSayEn?: string;
  branches?: ScriptBranch[];
};

export const FAQ_KEYS = [
  "faq.what-happened",
  "faq.what-stolen",
  "faq.am-i-affected",
  "faq.what-to-do",
  "faq.reissue-fee",
  "faq.why-late",
  "faq.site-safe",
  "faq.phishing",
  "faq.contact",
] as const;

export const CALL_KEYS = [
  "call.opening",
  "call.identity",
  "call.affected",
  "call.not-affected",
  "call.cannot-verify",
  "call.waiver-offer",
  "call.waiver-take",
  "call.no-waiver",
  "call.closing",
  "call.escalate-fraud",
  "call.escalate-press",
  "call.escalate-police",
  "call.escalate-angry",
] as const;

export type FaqKey = (typeof FAQ_KEYS)[number];
export type CallKey = (typeof CALL_KEYS)[number];

/** Paragraphs separated by a blank line. */
const p = (...paragraphs: string[]) => paragraphs.join("\n\n");
/** Lines of one paragraph (lists). */
const l = (...lines: string[]) => lines.join("\n");

// ---------------------------------------------------------------------------------------
// Public FAQ
// ---------------------------------------------------------------------------------------

type FaqText = Omit<ScriptSeed, "key" | "kind" | "position" | "branches" | "mustNotSayJa" | "mustNotSayEn">;

function faqList(texts: Record<FaqKey, FaqText>): ScriptSeed[] {
  return FAQ_KEYS.map((key, i) => ({ key, kind: "faq", position: (i + 1) * 10, ...texts[key] }));
}

const couFaq: Record<FaqKey, FaqText> = {
  "faq.what-happened": {
    titleJa: "何が起きたのですか。",
    titleEn: "What happened?",
    bodyJa: p(
      "弊社が運営する「C.O.U.オンラインショップ」のウェブサーバーに外部から不正アクセスがあり、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。",
      "2017年9月15日、カード会社から決済代行会社を通じて、当ショップでの情報漏えいの懸念がある旨の連絡を受け、クレジットカード決済の利用を停止いたしました。その後、外部の専門調査会社であるPayment Card Forensics株式会社に調査を依頼し、2017年10月20日に受領した最終調査結果により、Webアプリケーションの脆弱性を利用した外部からの攻撃によって、クレジットカード情報等が流出したことが判明いたしました。",
      "お客様には多大なるご迷惑とご心配をおかけしておりますことを、深くお詫び申し上げます。",
    ),
    bodyEn: p(
      "The web server of the C.O.U. Online Shop, which we run, was accessed without authorisation from outside, and customers' card data may have been leaked.",
      "On 15 September 2017 a card company told us, through our payment service provider, that it was concerned that data had leaked from our shop, and we stopped card payments. We then asked an external forensic firm, Payment Card Forensics, to investigate. Its final report, received on 20 October 2017, showed that card data had been taken in an attack that exploited a vulnerability in the web application.",
      "We sincerely apologise for the trouble and worry this has caused you.",
    ),
  },
  "faq.what-stolen": {
    titleJa: "どのような情報が流出したのですか。",
    titleEn: "What information was taken?",
    bodyJa: p(
      "2017年8月5日から2017年9月15日までの間に、当ショップでクレジットカード決済をご利用になったお客様の、次の情報が流出した可能性がございます。",
      l("・氏名", "・クレジットカード番号", "・有効期限", "・セキュリティコード"),
      "対象は最大で335件です。上記の期間内にクレジットカード決済をご利用になったお客様が対象となります。",
    ),
    bodyEn: p(
      "For customers who paid by card on our shop between 5 August and 15 September 2017, the following may have been leaked:",
      l("- name", "- card number", "- expiry date", "- security code"),
      "At most 335 records are affected. Only customers who paid by card in that period are concerned.",
    ),
  },
  "faq.am-i-affected": {
    titleJa: "自分が対象かどうかを確認できますか。",
    titleEn: "How can I find out whether I am affected?",
    bodyJa: p(
      "対象のお客様には、2018年1月16日より、お詫びとご案内の書面を個別にご郵送しております。",
      "書面がお手元に届いていない場合も、このサイトの確認フォーム（/check）で、対象かどうかをご確認いただけます。ご注文時のお名前と、ご注文時のお電話番号・メールアドレス・ご注文番号のいずれかをご入力ください。クレジットカード番号やセキュリティコードのご入力は必要ございません。",
      "お電話（{{hotline}}、受付時間：{{hours}}）でもお調べいたします。",
    ),
    bodyEn: p(
      "Since 16 January 2018 we have been writing to each affected customer by post.",
      "Whether or not you have received a letter, you can check on the form on this site (/check). Enter the name you ordered under and one of the following from your order: phone number, email address or order number. You never need to enter your card number or security code.",
      "You can also call us on {{hotline}} ({{hours}}) and we will check for you.",
    ),
  },
  "faq.what-to-do": {
    titleJa: "何をすればよいですか。",
    titleEn: "What should I do?",
    bodyJa: p(
      "弊社からカード会社に対象のクレジットカード情報を報告し、不正利用を防止するためのモニタリングをお願いしております。",
      "念のため、カードのご利用明細に身に覚えのないご請求がないかご確認ください。身に覚えのないご請求がございましたら、お手数ですが、ご利用のクレジットカードの裏面に記載のカード会社へ直接お問い合わせください。カードの利用停止や再発行は、カード会社へのお申し出が必要となります。",
    ),
    bodyEn: p(
      "We have reported the affected cards to the card companies and asked them to monitor them to prevent fraudulent use.",
      "As a precaution, please check your card statements for any charges you do not recognise. If you find one, please contact the card company whose number is printed on the back of your card. Only your card company can stop or reissue your card.",
    ),
  },
  "faq.reissue-fee": {
    titleJa: "カードを再発行すると手数料がかかりますか。",
    titleEn: "Will it cost me anything to have my card reissued?",
    bodyJa: p(
      "クレジットカード番号の変更（カードの再発行）をご希望の場合、再発行手数料がお客様のご負担とならないよう、弊社からクレジットカード会社に依頼しております。",
      "カードの再発行のお手続きは、カード裏面に記載のカード会社へお申し出ください。当窓口のお電話、またはこのサイトの確認フォーム（/check）からも、カード会社へお伝えする再発行手数料についてのご依頼を承っております。",
    ),
    bodyEn: p(
      "If you would like a new card number (a reissued card), we have asked the card companies not to charge you the reissue fee.",
      "Please ask the card company on the back of your card to reissue it. You can also ask us, by phone or on the form on this site (/check), to pass a fee-waiver request to your card company.",
    ),
  },
  "faq.why-late": {
    titleJa: "なぜ公表が遅れたのですか。",
    titleEn: "Why did it take so long to announce this?",
    bodyJa: p(
      "2017年9月15日に流出の懸念が判明してから、今回のご案内まで長くお時間を要しましたことを、深くお詫び申し上げます。",
      "本来であれば、疑いが生じた時点でお客様にご連絡し、注意を喚起するとともにお詫び申し上げるべきところでございました。しかしながら、決済代行会社と協議し、不確定な情報の公開はいたずらに混乱を招くこと、お客様へのご迷惑を最小限に食い止める対応の準備を整えてから告知することが不可欠であることの説明を受け、弊社として、調査会社の調査結果とカード会社との連携を待ってから発表することといたしました。",
      l(
        "経緯は次のとおりです。",
        "・2017年9月15日　カード会社から決済代行会社を通じて連絡を受け、クレジットカード決済を停止",
        "・2017年9月23日　専門調査会社（Payment Card Forensics株式会社）に調査を依頼",
        "・2017年10月20日　同社から最終調査結果を受領",
        "・2017年12月25日　個人情報保護委員会に報告",
        "・2017年12月28日　茨城県警察本部に被害申告",
        "・2018年1月16日　本件を公表し、対象のお客様への書面のご郵送を開始",
      ),
      "今回のご案内までお時間をいただきましたことを、重ねてお詫び申し上げます。",
    ),
    bodyEn: p(
      "We are deeply sorry that it took so long from the first concern on 15 September 2017 to this notice.",
      "We should have contacted you as soon as there was a suspicion, to warn you and to apologise. However, in consultation with our payment service provider, we were advised that publishing unconfirmed information would cause needless confusion, and that an announcement had to wait until we were ready to keep the harm to customers as small as possible. We therefore decided to wait for the forensic firm's findings and for coordination with the card companies before announcing it.",
      l(
        "Timeline:",
        "- 15 Sep 2017: a card company alerted us through our payment service provider; we stopped card payments",
        "- 23 Sep 2017: we asked the forensic firm Payment Card Forensics to investigate",
        "- 20 Oct 2017: we received its final report",
        "- 25 Dec 2017: we reported to the Personal Information Protection Commission",
        "- 28 Dec 2017: we reported the damage to the Ibaraki Prefectural Police",
        "- 16 Jan 2018: we announced the incident and began writing to affected customers",
      ),
      "Once again, we apologise for how long this took.",
    ),
  },
  "faq.site-safe": {
    titleJa: "ショップは今、安全に利用できますか。",
    titleEn: "Is the shop safe to use now?",
    bodyJa: p(
      "当ショップでのクレジットカード決済は、2017年9月15日から停止しております（2018年1月16日のお知らせ時点）。",
      "調査会社から指摘を受けたシステムの脆弱性と管理体制の不備については、実施可能な対策を行うとともに、さらなるセキュリティの強化・改修を進めております。あわせて監視体制を強化し、再発防止に努めてまいります。",
      "改修後のクレジットカード決済の再開日は、決定次第、ウェブサイトでお知らせいたします。これ以外の対策の詳細については、当窓口ではお答えいたしかねます。",
    ),
    bodyEn: p(
      "Card payments on the shop have been stopped since 15 September 2017 (as of our notice of 16 January 2018).",
      "We are fixing, as far as we can, the system vulnerabilities and management weaknesses the forensic firm pointed out, and are further strengthening security. We are also tightening monitoring to prevent this from happening again.",
      "We will announce on our website when card payments restart. The desk cannot comment on further details of these measures.",
    ),
  },
  "faq.phishing": {
    titleJa: "窓口からカード番号を聞かれることはありますか。",
    titleEn: "Will you ever ask for my card number?",
    bodyJa: p(
      "当窓口および弊社から、お電話・メール・SMSなどで、クレジットカード番号、セキュリティコード、暗証番号をお伺いすることは一切ございません。",
      "今回の件に便乗して、カード番号などを聞き出そうとする不審な電話やメール、偽のウェブサイトが現れるおそれがございます。弊社を名乗る連絡でカード番号などを求められた場合は、決してお答えにならず、当窓口（{{hotline}}）までご連絡ください。",
      "当窓口では、ご本人様の確認のため、ご注文時のお名前と、お電話番号・メールアドレス・ご注文番号のいずれかのみをお伺いしております。",
    ),
    bodyEn: p(
      "Neither this desk nor our company will ever ask for your card number, security code or PIN, whether by phone, email, text message or any other way.",
      "Fraudsters may use this incident to try to obtain card numbers through fake calls, emails or websites. If anyone claiming to be us asks for your card details, do not give them, and call us on {{hotline}}.",
      "To confirm who you are, we only ask for the name you ordered under and one of your phone number, email address or order number.",
    ),
  },
  "faq.contact": {
    titleJa: "お問い合わせ先と受付時間を教えてください。",
    titleEn: "How can I contact you, and when?",
    bodyJa: p(
      l(
        "有限会社ケイズファクトリー　お問い合わせ窓口",
        "お電話：{{hotline}}（フリーダイヤル）",
        "受付時間：{{hours}}（土日・祝日・年末年始（12月29日～1月3日）は休業）",
      ),
      "メールでのお問い合わせ窓口はございません。受付時間外は、このサイトのお問い合わせフォームからご連絡ください。翌営業日以降、順次ご回答いたします。",
    ),
    bodyEn: p(
      l(
        "K's Factory inquiry desk",
        "Phone: {{hotline}} (toll-free)",
        "Hours: {{hours}}; closed on Saturdays, Sundays, national holidays and over the New Year (29 December to 3 January)",
      ),
      "There is no email line. Outside these hours, please use the inquiry form on this site; we will reply from the next business day.",
    ),
  },
};

const coocomFaq: Record<FaqKey, FaqText> = {
  "faq.what-happened": {
    titleJa: "何が起きたのですか。",
    titleEn: "What happened?",
    bodyJa: p(
      "弊社が運営するレンタカー予約サイトを管理するウェブサーバーに外部から不正アクセスがあり、クレジットカードをご利用いただいたお客様のクレジットカード情報等が、不正に取得された可能性があることが判明いたしました。",
      "2015年6月29日、弊社の契約先であるクレジットカード会社から連絡を受け、ただちにクレジットカード会社認定の第三者機関であるPayment Card Forensics株式会社に調査を依頼するとともに、被害対策本部を立ち上げ、被害の拡大防止に努めてまいりました。同年7月23日に第一報をご報告し、その後の継続調査の最終結果を受けて、9月18日に最終のご報告をいたしました。",
      "継続調査の結果、レンタカー予約サイト、LCCツアーサイト、ウォーターサーバーサイトの3つのサイトで、それぞれの期間にクレジットカード情報をご入力いただいたお客様の情報が取得された可能性があることが分かりました（対象の期間と情報は「どのような情報が取得されたのですか」をご覧ください）。",
      "お客様に多大なるご迷惑とご心配をおかけしておりますことを、あらためてお詫び申し上げます。",
    ),
    bodyEn: p(
      "The web server that runs our rental-car booking site was accessed without authorisation from outside, and card data and other details of customers who paid by card may have been taken.",
      "On 29 June 2015 a card company we work with alerted us. We immediately asked Payment Card Forensics, an investigator approved by the card companies, to investigate, and set up a response team to stop further harm. We published a first report on 23 July 2015 and, after receiving the final results of the continued investigation, our final report on 18 September 2015.",
      'The continued investigation found that details of customers who entered card data on three sites, each in its own period, may have been taken: the rental-car booking site, the LCC tour site and the water-server site (see "What information was taken?" for the periods and the data).',
      "Once again, we apologise for the trouble and worry this has caused you.",
    ),
  },
  "faq.what-stolen": {
    titleJa: "どのような情報が取得されたのですか。",
    titleEn: "What information was taken?",
    bodyJa: p(
      "次の期間に、各サイトでクレジットカード情報をご入力いただいたお客様の予約情報が、不正アクセスをした者に取得された可能性がございます。",
      l(
        "・レンタカー予約サイト（レンタカーのご予約）：2013年7月26日～2015年7月2日",
        "・LCCツアーサイト（ツアーのご予約）：2015年3月20日～2015年7月17日",
        "・ウォーターサーバーサイト（ウォーターサーバーのお申し込み）：2012年3月1日～2012年9月30日",
      ),
      "取得された可能性のある情報は、氏名、メールアドレス、電話番号、クレジットカード情報（カード番号・有効期限）です。対象は最大で24,308件です。",
    ),
    bodyEn: p(
      "Booking details of customers who entered card data on one of these sites in the period shown may have been taken by the intruder:",
      l(
        "- rental-car booking site (rental-car bookings): 26 July 2013 to 2 July 2015",
        "- LCC tour site (tour bookings): 20 March 2015 to 17 July 2015",
        "- water-server site (water-server orders): 1 March 2012 to 30 September 2012",
      ),
      "The details concerned are name, email address, phone number and card data (card number and expiry date). At most 24,308 records are affected.",
    ),
  },
  "faq.am-i-affected": {
    titleJa: "自分が対象かどうかを確認できますか。",
    titleEn: "How can I find out whether I am affected?",
    bodyJa: p(
      "対象のお客様には、2015年9月18日に、弊社にご登録いただいているメールアドレス宛てにご案内のメールをお送りいたしました。送信エラー等によりメールでご連絡できなかったお客様には、ウェブサイトでのご報告をもってご案内に代えさせていただいております。",
      "メールが届いていない場合も、このサイトの確認フォーム（/check）で、対象かどうかをご確認いただけます。ご予約時のお名前と、ご予約時のお電話番号・メールアドレス・ご予約番号のいずれかをご入力ください。クレジットカード番号やセキュリティコードのご入力は必要ございません。",
      "お電話（{{hotline}}、受付時間：{{hours}}）やメール（inquiry@coo.ne.jp）でもお問い合わせいただけます。",
    ),
    bodyEn: p(
      "On 18 September 2015 we emailed each affected customer at the address registered with us. For customers we could not reach by email (for example because the message bounced), the notice on our website takes the place of that email.",
      "Whether or not you received our email, you can check on the form on this site (/check). Enter the name you booked under and one of the following from your booking: phone number, email address or reservation number. You never need to enter your card number or security code.",
      "You can also call us on {{hotline}} ({{hours}}) or email inquiry@coo.ne.jp.",
    ),
  },
  "faq.what-to-do": {
    titleJa: "何をすればよいですか。",
    titleEn: "What should I do?",
    bodyJa: p(
      "取得された可能性があるクレジットカード番号の情報は、弊社の契約先であるクレジットカード会社と共有し、不正利用モニタリングの強化を依頼しております。各クレジットカード会社において、強化されたモニタリングが実施されております。",
      "お手数をおかけし恐縮ではございますが、クレジットカードのご利用明細に、お心当たりのないご利用がないかご注意ください。そのようなご利用があった場合には、クレジットカード裏面に記載のカード発行会社へお問い合わせください。",
    ),
    bodyEn: p(
      "We have shared the card numbers that may have been taken with the card company we work with and asked for stronger fraud monitoring; the card companies concerned are carrying it out.",
      "We are sorry for the trouble, but please watch your card statements for any use you do not recognise. If you find any, please contact the card issuer whose number is printed on the back of your card.",
    ),
  },
  "faq.reissue-fee": {
    titleJa: "カードを再発行すると手数料がかかりますか。",
    titleEn: "Will it cost me anything to have my card reissued?",
    bodyJa: p(
      "クレジットカードの再発行手数料につきましては、今回の不正アクセスにより情報を取得された対象者様であることが確認された場合、お客様に経済的なご負担がかからない形で処理していただくよう、弊社からカード会社に依頼しております。",
      "なお、カードの再発行のお手続きは、個人情報の取り扱い上の制限があるため、お客様ご自身からのお申し出がなければ行うことができません。大変お手数をおかけいたしますが、ご加入のクレジットカード会社へご相談くださいますようお願い申し上げます。",
      "当窓口のお電話、またはこのサイトの確認フォーム（/check）からも、カード会社へお伝えする再発行手数料についてのご依頼を承っております。",
    ),
    bodyEn: p(
      "We have asked the card companies to handle a reissue at no cost to you, once it is confirmed that you are among the customers whose details were taken.",
      "Because of restrictions on handling personal data, a card can only be reissued if you ask for it yourself. We are sorry for the trouble, but please contact your own card company.",
      "You can also ask us, by phone or on the form on this site (/check), to pass a fee-waiver request to your card company.",
    ),
  },
  "faq.why-late": {
    titleJa: "公表までに時間がかかったのはなぜですか。",
    titleEn: "Why did it take time to announce this?",
    bodyJa: p(
      "2015年6月29日にクレジットカード会社から連絡を受けてから、ご報告までにお時間を要し、ご心配をおかけいたしましたことをお詫び申し上げます。経緯は次のとおりです（いずれも2015年）。",
      l(
        "・6月29日　クレジットカード会社から、カード情報が不正に取得された懸念がある旨の連絡。ただちに調査会社へ調査を依頼し、被害対策本部を設置",
        "・7月2日　調査会社からの現状保全のご依頼が解除された後、速やかに侵入経路を遮断し、サーバーへのアクセス制御を変更",
        "・7月3日　サーバー内に不正に蓄積されたクレジットカード情報を削除。レンタカーサイトのクレジットカード決済を停止。カード会社と情報を共有し、不正利用モニタリングの強化を依頼",
        "・7月9日　渋谷警察署と経済産業省へ第一報",
        "・7月23日　ウェブサイトで第一報を公表。渋谷警察署へ被害状況を届け出",
        "・9月18日　調査会社による継続調査の最終結果を受け、最終のご報告を公表。対象のお客様へメールでご案内",
      ),
      "公表の時期の判断について、これ以上の詳細は当窓口ではお答えいたしかねます。ご理解いただけますと幸いです。",
    ),
    bodyEn: p(
      "We apologise for the time it took, after a card company alerted us on 29 June 2015, before we could report to you, and for the worry this caused. This is what happened (all dates 2015):",
      l(
        "- 29 Jun: a card company told us it was concerned that card data had been taken. We immediately asked the forensic firm to investigate and set up a response team",
        "- 2 Jul: as soon as the forensic firm lifted its request to preserve the server as it was, we blocked the intruder's way in and changed the server's access controls",
        "- 3 Jul: we deleted card data illicitly stored on the server, stopped card payments on the rental-car site, and shared the card data with the card company to strengthen fraud monitoring",
        "- 9 Jul: first reports to Shibuya Police Station and to the Ministry of Economy, Trade and Industry",
        "- 23 Jul: first public report on our website; damage report filed with Shibuya Police Station",
        "- 18 Sep: after the final results of the continued investigation, we published our final report and emailed affected customers",
      ),
      "The desk cannot comment further on how the timing of the announcements was decided.",
    ),
  },
  "faq.site-safe": {
    titleJa: "サイトは今、安全に利用できますか。",
    titleEn: "Are the sites safe to use now?",
    bodyJa: p(
      "2015年9月18日の最終のご報告の時点で、次の対策を実施しております。",
      l(
        "・侵入経路の遮断と、サーバーへのアクセス許可設定・アクセス制御の変更（7月2日）",
        "・サーバー内に不正に蓄積されたクレジットカード情報の削除（7月3日）",
        "・レンタカーサイトのクレジットカード決済の停止（7月3日）。その後、クレジットカード情報を弊社のサーバーで一切取り扱わない「リンク型」の決済方法への改修を完了し、カード会社の承認を待って一部のクレジットカード決済を再開",
        "・調査会社から指摘のあった事項への対応とセキュリティの強化",
      ),
      "これらの対策の実施以降、弊社サーバーへの不正アクセスの痕跡は認められておりません（最終のご報告時点）。今後も、すべてのサイトのカード決済のリンク型への変更、社内および外部機関による定期的なモニタリングなど、セキュリティの強化を進めてまいります。これ以外の対策の詳細については、当窓口ではお答えいたしかねます。",
    ),
    bodyEn: p(
      "As of our final report of 18 September 2015, we had taken these measures:",
      l(
        "- blocked the intruder's way in and changed the server's access permissions and controls (2 July)",
        "- deleted card data illicitly stored on the server (3 July)",
        '- stopped card payments on the rental-car site (3 July), then rebuilt payment as a "link-type" method in which our servers never handle card data, and restarted some card payments once the card companies approved',
        "- acted on the forensic firm's findings and strengthened security",
      ),
      "Since these measures, no trace of unauthorised access to our servers has been found (as of the final report). We continue to strengthen security, including moving card payment on all our sites to the link-type method and regular monitoring by our own staff and by outside experts. The desk cannot comment on further details of these measures.",
    ),
  },
  "faq.phishing": {
    titleJa: "窓口からカード番号を聞かれることはありますか。",
    titleEn: "Will you ever ask for my card number?",
    bodyJa: p(
      "当窓口および弊社から、お電話・メール・SMSなどで、クレジットカード番号、セキュリティコード、暗証番号をお伺いすることは一切ございません。",
      "今回の件に便乗して、カード番号などを聞き出そうとする不審な電話やメール、偽のウェブサイトが現れるおそれがございます。弊社を名乗る連絡でカード番号などを求められた場合は、決してお答えにならず、当窓口（{{hotline}}）までご連絡ください。",
      "当窓口では、ご本人様の確認のため、ご予約時のお名前と、お電話番号・メールアドレス・ご予約番号のいずれかのみをお伺いしております。",
    ),
    bodyEn: p(
      "Neither this desk nor our company will ever ask for your card number, security code or PIN, whether by phone, email, text message or any other way.",
      "Fraudsters may use this incident to try to obtain card numbers through fake calls, emails or websites. If anyone claiming to be us asks for your card details, do not give them, and call us on {{hotline}}.",
      "To confirm who you are, we only ask for the name you booked under and one of your phone number, email address or reservation number.",
    ),
  },
  "faq.contact": {
    titleJa: "お問い合わせ先と受付時間を教えてください。",
    titleEn: "How can I contact you, and when?",
    bodyJa: p(
      l(
        "クーコム株式会社　お問い合わせ窓口",
        "お電話：{{hotline}}",
        "受付時間：{{hours}}（日本時間。土日・祝日・年末年始（12月29日～1月3日）は休業）",
        "メール：inquiry@coo.ne.jp",
      ),
      "メールとこのサイトのお問い合わせフォームは、受付時間外もお受けしております。受付時間外にいただいたお問い合わせには、翌営業日以降、順次ご回答いたします。",
    ),
    bodyEn: p(
      l(
        "Coocom inquiry desk",
        "Phone: {{hotline}}",
        "Hours: {{hours}} (Japan time); closed on Saturdays, Sundays, national holidays and over the New Year (29 December to 3 January)",
        "Email: inquiry@coo.ne.jp",
      ),
      "You can email us or use the inquiry form on this site at any time. Messages received outside our hours are answered from the next business day.",
    ),
  },
};

// ---------------------------------------------------------------------------------------
// Call scripts
// ---------------------------------------------------------------------------------------

/** What differs between the two cases in the call scripts. */
type CallCase = {
  companyJa: string;
  companyEn: string;
  /** "弊社オンラインショップへの不正アクセスの件" */
  subjectJa: string;
  subjectEn: string;
  /** ご注文 / ご予約 */
  dealJa: string;
  /** order / booking */
  dealEn: string;
  /** ご注文番号 / ご予約番号 */
  refJa: string;
  /** order number / reservation number */
  refEn: string;
  affectedJa: string;
  affectedEn: string;
  waiverOfferJa: string;
  waiverOfferEn: string;
  reissueJa: string;
  reissueEn: string;
  contactJa: string;
  contactEn: string;
};

const COMMON_MUST_NOT_SAY_JA = l(
  "・攻撃者・手口・原因について推測で話さない（公表済みの内容を超えて説明しない）",
  "・補償・返金・慰謝料などを約束しない",
  "・決済代行会社・カード会社・調査会社の責任に言及しない",
  "・クレジットカード番号（一部を含む）・有効期限・セキュリティコード・暗証番号を尋ねない（お客様が言いかけたら止める）",
  "・ご本人様の確認が済むまで、対象かどうかを含め、何も確認しない",
);
const COMMON_MUST_NOT_SAY_EN = l(
  "- No speculation about the attacker, the method or the cause; nothing beyond the published notice",
  "- No promises of compensation, refunds or damages",
  "- No blame on the payment service provider, the card companies or the forensic firm",
  "- Never ask for a card number (or part of one), expiry date, security code or PIN; stop callers who start reading one out",
  "- Confirm nothing, including whether the caller is affected, before identity is verified",
);

function mustNotSay(specificJa: string[], specificEn: string[]): Pick<ScriptSeed, "mustNotSayJa" | "mustNotSayEn"> {
  return {
    mustNotSayJa: l(...specificJa.map((s) => `・${s}`), COMMON_MUST_NOT_SAY_JA),
    mustNotSayEn: l(...specificEn.map((s) => `- ${s}`), COMMON_MUST_NOT_SAY_EN),
  };
}

const FRAUD_BRANCH: ScriptBranch = {
  labelJa: "身に覚えのない請求があるとのお申し出",
  labelEn: "Caller reports a charge they do not recognise",
  next: "call.escalate-fraud",
};
const ANGRY_BRANCH: ScriptBranch = {
  labelJa: "強いお怒り・苦情",
  labelEn: "Caller is very angry / complains",
  next: "call.escalate-angry",
};
const CLOSING_BRANCH: ScriptBranch = { labelJa: "終話へ", labelEn: "Close the call", next: "call.closing" };

function callScripts(c: CallCase): ScriptSeed[] {
  const scripts: Omit<ScriptSeed, "position" | "kind">[] = [
    {
      key: "call.opening",
      titleJa: "第一声",
      titleEn: "Opening",
      bodyJa: p(
        `お電話ありがとうございます。${c.companyJa}、お問い合わせ窓口の〇〇でございます。`,
        "この通話は、内容の確認と応対品質の向上のため、録音させていただいております。",
        `本日は、${c.subjectJa}についてのお問い合わせでしょうか。`,
        "【ご用件を伺い、該当する分岐を選ぶ。一般的なご質問には、公開中のFAQの内容でお答えする】",
      ),
      bodyEn: p(
        `Thank you for calling the ${c.companyEn} inquiry desk. My name is 〇〇.`,
        "This call is recorded so that we can check what was said and improve our service.",
        `Are you calling about ${c.subjectEn}?`,
        "[Agent: find out what the caller needs and choose a branch. Answer general questions from the published FAQ.]",
      ),
      ...mustNotSay(
        ["ご本人様の確認前に、対象かどうか、どのような情報をお預かりしているかを伝えない"],
        ["Before identity is verified, do not say whether the caller is affected or what data we hold"],
      ),
      branches: [
        {
          labelJa: "対象かどうかの確認・個別のご相談（ご本人様確認へ）",
          labelEn: "Wants to know if they are affected / personal matter: verify identity",
          next: "call.identity",
        },
        {
          labelJa: "一般的なご質問のみ（FAQに沿ってお答えし終話へ）",
          labelEn: "General questions only: answer from the FAQ, then close",
          next: "call.closing",
        },
        FRAUD_BRANCH,
        { labelJa: "報道関係者からのお問い合わせ", labelEn: "Caller is from the press", next: "call.escalate-press" },
        {
          labelJa: "警察・捜査機関を名乗るお問い合わせ",
          labelEn: "Caller says they are from the police",
          next: "call.escalate-police",
        },
        ANGRY_BRANCH,
      ],
    },
    {
      key: "call.identity",
      titleJa: "ご本人様確認",
      titleEn: "Identity check",
      bodyJa: p(
        "恐れ入りますが、ご本人様の確認のため、いくつかお伺いいたします。",
        `まず、${c.dealJa}時のお名前を、フルネームでお教えいただけますでしょうか。`,
        `続いて、${c.dealJa}時にご登録のお電話番号かメールアドレス、または${c.refJa}のいずれか一つをお教えください。`,
        "なお、当窓口からクレジットカード番号やセキュリティコード、暗証番号をお伺いすることは一切ございません。カードをお手元にご用意いただく必要もございません。万一、カード番号をおっしゃりかけた場合は、途中でお止めいたしますので、ご了承ください。",
        "【照会結果に応じて分岐する。どの項目が一致した・しなかったかは伝えない】",
      ),
      bodyEn: p(
        "Before we go on, I need to confirm who you are.",
        `First, could you tell me the full name you used for your ${c.dealEn}?`,
        `Then one of the following from your ${c.dealEn}: your phone number, your email address or your ${c.refEn}.`,
        "Please note that we will never ask for your card number, security code or PIN, and you do not need your card at hand. If you start to read out a card number, I will stop you.",
        "[Agent: choose the branch from the lookup result. Never say which detail matched or did not.]",
      ),
      ...mustNotSay(
        [
          "お預かりしている登録内容（お名前の表記、電話番号、メールアドレス、住所など）をこちらから読み上げない",
          "「お名前はございましたが」など、どの項目が一致したかを示唆しない",
        ],
        [
          "Do not read out any details we hold (spelling of the name, phone, email, address...)",
          'Do not hint which detail matched ("we do have your name, but...")',
        ],
      ),
      branches: [
        { labelJa: "確認できた：対象のお客様", labelEn: "Verified: on the affected list", next: "call.affected" },
        {
          labelJa: "お伺いした内容で対象のご登録なし",
          labelEn: "No affected record matches the details given",
          next: "call.not-affected",
        },
        {
          labelJa: "確認が取れない（情報不足・不一致・ご本人様以外）",
          labelEn: "Cannot verify (details missing or not matching, or not the customer)",
          next: "call.cannot-verify",
        },
        FRAUD_BRANCH,
        ANGRY_BRANCH,
      ],
    },
    {
      key: "call.affected",
      titleJa: "対象のお客様へのご案内",
      titleEn: "Caller is affected",
      bodyJa: p(
        `ご確認ありがとうございます。お調べいたしましたところ、誠に申し訳ございませんが、お客様の${c.dealJa}が今回の対象に含まれておりました。`,
        "このたびは、多大なるご迷惑とご心配をおかけいたしまして、誠に申し訳ございません。",
        c.affectedJa,
        "念のため、カードのご利用明細に身に覚えのないご請求がないかご確認いただき、もしございましたら、カード裏面に記載のカード会社へ直接お問い合わせください。",
      ),
      bodyEn: p(
        `Thank you. I have checked, and I am very sorry to tell you that your ${c.dealEn} is among those affected.`,
        "We sincerely apologise for the trouble and worry this is causing you.",
        c.affectedEn,
        "As a precaution, please check your card statements for any charges you do not recognise, and if you find one, call the card company whose number is on the back of your card.",
      ),
      ...mustNotSay(
        [
          "お預かりしている情報（カード番号の末尾、ブランド、電話番号、メールアドレス、住所など）を読み上げない",
          "不正利用の有無や今後の被害の見込みについて推測で話さない",
        ],
        [
          "Do not read out any data we hold (last digits or brand of the card, phone, email, address...)",
          "Do not guess whether the card has been or will be misused",
        ],
      ),
      branches: [
        { labelJa: "再発行手数料のご案内へ", labelEn: "Go on to the reissue fee", next: "call.waiver-offer" },
        FRAUD_BRANCH,
        ANGRY_BRANCH,
      ],
    },
    {
      key: "call.not-affected",
      titleJa: "対象のご登録が確認できない場合",
      titleEn: "No affected record found",
      bodyJa: p(
        "ご確認ありがとうございます。お伺いした内容でお調べいたしましたところ、今回の対象となるご登録は確認できませんでした。",
        `ただし、${c.dealJa}の際に別のお名前やお電話番号、メールアドレスをお使いになった可能性がございましたら、その内容で改めてお調べいたします。`,
        "念のため、カードのご利用明細に身に覚えのないご請求がないかご確認いただき、もしございましたら、カード裏面に記載のカード会社へ直接お問い合わせください。",
      ),
      bodyEn: p(
        "Thank you. I have checked with the details you gave me, and I could not find a matching record among those affected.",
        `If you might have used a different name, phone number or email address for your ${c.dealEn}, I can check again with those.`,
        "As a precaution, please still check your card statements for any charges you do not recognise, and if you find one, call the card company whose number is on the back of your card.",
      ),
      ...mustNotSay(
        [
          "「被害はありません」「絶対に安全です」と断定しない",
          "ご家族など、ほかの方が対象かどうかを答えない",
          "どの情報が登録されているかを伝えない",
        ],
        [
          'Do not say "you are safe" or "nothing happened to you"',
          "Do not say whether anyone else (family included) is affected",
          "Do not say which details we hold",
        ],
      ),
      branches: [
        { labelJa: "別の情報で改めて確認する", labelEn: "Check again with other details", next: "call.identity" },
        FRAUD_BRANCH,
        CLOSING_BRANCH,
      ],
    },
    {
      key: "call.cannot-verify",
      titleJa: "ご本人様の確認が取れない場合",
      titleEn: "Identity cannot be verified",
      bodyJa: p(
        "申し訳ございません。お伺いした内容では確認が取れないため、対象かどうかをお答えすることができません。個人情報保護のため、ご本人様であることが確認できない場合は、お答えを控えさせていただいております。ご理解いただけますと幸いです。",
        `${c.dealJa}時の確認メールなどで、${c.refJa}やご登録のお電話番号・メールアドレスをご確認のうえ、改めてお問い合わせください。このサイトの確認フォーム（/check）でもご確認いただけます。`,
        "なお、カードのご利用明細に身に覚えのないご請求がございましたら、カード裏面に記載のカード会社へ直接お問い合わせください。",
        "【ご家族など、ご本人様以外からのお問い合わせも同じご案内とする】",
      ),
      bodyEn: p(
        "I am sorry, but with the details I have I cannot confirm who you are, so I cannot tell you whether you are affected. To protect personal data, we do not give an answer until we have confirmed that we are speaking with the customer. Thank you for understanding.",
        `Please look for your ${c.refEn} or the phone number and email address you registered, for example in your ${c.dealEn} confirmation email, and call us again. You can also check on the form on our website (/check).`,
        "In the meantime, if you see a charge you do not recognise on your card statement, please call the card company whose number is on the back of your card.",
        "[Agent: say the same to family members or anyone calling for someone else.]",
      ),
      ...mustNotSay(
        [
          "どの項目が一致した・しなかったかを伝えない（「お名前はございましたが」などは厳禁）",
          "対象である・ないを示唆しない",
          "ご本人様以外（ご家族を含む）に結果を伝えない",
        ],
        [
          'Do not say which details matched or did not (never "we found your name, but...")',
          "Do not hint whether the caller is affected",
          "Give no result to anyone but the customer, family included",
        ],
      ),
      branches: [
        { labelJa: "別の情報で改めて確認する", labelEn: "Check again with other details", next: "call.identity" },
        CLOSING_BRANCH,
      ],
    },
    {
      key: "call.waiver-offer",
      titleJa: "再発行手数料のご案内",
      titleEn: "Offer the reissue-fee waiver",
      bodyJa: p(c.waiverOfferJa, "ご依頼のお手続きをいたしましょうか。"),
      bodyEn: p(c.waiverOfferEn, "Would you like me to do that?"),
      ...mustNotSay(
        [
          "「必ず無料になります」と約束しない（弊社からカード会社に依頼している、とお伝えする）",
          "再発行手数料以外の補償（ご請求の返金、ポイント、金券など）を約束しない",
          "再発行を強く勧めたり、再発行しないと危険だと断定したりしない",
        ],
        [
          "Do not promise the fee will certainly be waived: say we have asked the card companies",
          "Promise nothing beyond the reissue fee (refunds of charges, points, vouchers...)",
          "Do not push the caller to reissue or say it is dangerous not to",
        ],
      ),
      branches: [
        { labelJa: "依頼を希望する", labelEn: "Caller wants the waiver request", next: "call.waiver-take" },
        { labelJa: "希望しない・検討する", labelEn: "Caller declines or wants to think about it", next: "call.no-waiver" },
      ],
    },
    {
      key: "call.waiver-take",
      titleJa: "再発行手数料のご依頼の受付",
      titleEn: "Take the waiver request",
      bodyJa: p(
        "かしこまりました。それでは、ご依頼を承ります。",
        "お手元のカードの裏面に記載されている、カード会社のお名前をお教えいただけますでしょうか。カード番号は必要ございませんので、カード会社のお名前だけで結構です。",
        "【カード会社の一覧から選ぶ。一覧にない場合は「その他」を選び、会社名をメモに残す】",
        "このご依頼のため、お客様のお名前と、今回の対象であることを、弊社からカード会社へお伝えいたします。よろしいでしょうか。",
        "また、お手続きについてご連絡が必要になった場合に備えて、ご連絡先のお電話番号またはメールアドレスをお伺いしてもよろしいでしょうか。",
        "【ご同意を得てから登録し、画面に表示された受付番号をお伝えする】",
        "ありがとうございます。受付番号は〇〇でございます。",
        c.reissueJa,
      ),
      bodyEn: p(
        "Certainly. I will take your request now.",
        "Could you tell me the name of the card company printed on the back of your card? I do not need the card number, only the company's name.",
        '[Agent: pick the company from the list. If it is not there, choose "Other" and note the name.]',
        "To make this request, we will tell your card company your name and that you are among those affected. Is that all right with you?",
        "In case we need to contact you about the request, may I have a phone number or email address to reach you?",
        "[Agent: register the request only after the caller agrees, then read out the reference number shown on screen.]",
        "Thank you. Your reference number is 〇〇.",
        c.reissueEn,
      ),
      ...mustNotSay(
        [
          "カード番号（末尾4桁を含む）・有効期限・セキュリティコードを尋ねない。末尾4桁は登録済みの情報から自動で入る",
          "手数料が必ず免除されると約束しない",
          "カード会社での処理時期を約束しない",
        ],
        [
          "Do not ask for the card number (not even the last 4 digits), expiry or security code; the last 4 digits come from the affected record",
          "Do not promise the fee will be waived",
          "Do not promise when the card company will act",
        ],
      ),
      branches: [CLOSING_BRANCH],
    },
    {
      key: "call.no-waiver",
      titleJa: "再発行手数料のご依頼を希望されない場合",
      titleEn: "Caller does not want the waiver request now",
      bodyJa: p(
        "かしこまりました。再発行手数料についてのご依頼は、後日でも当窓口のお電話（{{hotline}}、受付時間：{{hours}}）またはこのサイトの確認フォーム（/check）から承ります。",
        "引き続き、カードのご利用明細に身に覚えのないご請求がないかご確認いただき、もしございましたら、カード裏面に記載のカード会社へ直接お問い合わせください。",
      ),
      bodyEn: p(
        "Of course. You can make the request later, by calling us on {{hotline}} ({{hours}}) or on the form on our website (/check).",
        "Please keep checking your card statements for charges you do not recognise, and if you find one, call the card company whose number is on the back of your card.",
      ),
      ...mustNotSay(
        ["再発行しないと危険だと断定しない", "受付の期限について、公表されていないことを話さない"],
        ["Do not say it is dangerous not to reissue", "Do not state a deadline for requests unless one has been announced"],
      ),
      branches: [CLOSING_BRANCH],
    },
    {
      key: "call.closing",
      titleJa: "終話",
      titleEn: "Closing",
      bodyJa: p(
        "本日のお問い合わせは以上でよろしいでしょうか。ほかにご不明な点はございませんか。",
        "このたびは、多大なるご迷惑とご心配をおかけいたしまして、誠に申し訳ございません。",
        c.contactJa,
        `${c.companyJa}の〇〇が承りました。お電話ありがとうございました。`,
        "【通話後、応対内容と分類を記録する。メモにカード番号を書かない】",
      ),
      bodyEn: p(
        "Is there anything else I can help you with today?",
        "Once again, we sincerely apologise for the trouble and worry this has caused.",
        c.contactEn,
        `This was 〇〇 of ${c.companyEn}. Thank you for calling.`,
        "[Agent: after the call, log the contact and its categories. Never write a card number in the notes.]",
      ),
      ...mustNotSay(
        ["「もう大丈夫です」「被害は出ません」と断定しない"],
        ['Do not say "everything is fine now" or "there will be no harm"'],
      ),
    },
    {
      key: "call.escalate-fraud",
      titleJa: "エスカレーション：身に覚えのない請求",
      titleEn: "Escalation: fraudulent charge",
      bodyJa: p(
        "ご不安なところ、お知らせいただきありがとうございます。",
        "身に覚えのないご請求につきましては、お手数ですが、この後すぐに、カード裏面に記載のカード会社へお電話いただき、身に覚えのないご利用があることをお伝えください。カードの利用停止やご利用内容の確認は、カード会社でのお手続きとなります。",
        "当窓口でも、本日いただいた内容を記録し、責任者に報告いたします。",
        "なお、当窓口ではカード番号をお伺いいたしませんので、カード番号はおっしゃらないでください。ご請求の日付や金額などの詳細は、カード会社へお伝えください。",
        "【分類「不正請求」で記録し、責任者へエスカレーションする。ご本人様の確認前でも、カード会社への連絡のご案内は必ず行う】",
      ),
      bodyEn: p(
        "Thank you for telling us; I understand this is worrying.",
        "Please call the card company whose number is printed on the back of your card straight after this call, and tell them there is a charge you do not recognise. Only the card company can stop your card and look into the charge.",
        "We will also record what you have told us today and report it to my supervisor.",
        "Please do not tell me your card number: we never ask for it. Give the details of the charge, such as the date and amount, to your card company.",
        '[Agent: log with the category "fraudulent charge" and escalate to a supervisor. Always give the advice to call the card company, even before identity is verified.]',
      ),
      ...mustNotSay(
        [
          "その請求が今回の件によるものかどうかを推測で答えない",
          "請求額の返金や補償を約束しない",
          "当窓口でカードを止められるかのような説明をしない",
        ],
        [
          "Do not guess whether the charge comes from this incident",
          "Do not promise a refund of the charge or any compensation",
          "Do not suggest the desk can stop the card",
        ],
      ),
      branches: [
        {
          labelJa: "続けて対象かどうかを確認する（ご本人様確認へ）",
          labelEn: "Go on to check whether they are affected (identity check)",
          next: "call.identity",
        },
        CLOSING_BRANCH,
      ],
    },
    {
      key: "call.escalate-press",
      titleJa: "エスカレーション：報道関係者",
      titleEn: "Escalation: press",
      bodyJa: p(
        "お問い合わせいただきありがとうございます。恐れ入りますが、当窓口はお客様からのお問い合わせを承る窓口のため、報道関係の方からのご質問にはお答えいたしかねます。",
        "担当の部署へ申し伝えますので、御社名、お名前、ご連絡先、ご質問の要旨、締め切りのご予定をお伺いしてもよろしいでしょうか。",
        "【分類「報道」で記録し、責任者へエスカレーションする。公表済みの内容についても、窓口からはコメントしない】",
      ),
      bodyEn: p(
        "Thank you for calling. This line is for customers, so I am afraid I cannot answer questions from the press.",
        "I will pass your request to the department in charge. May I have the name of your organisation, your name, how to reach you, your questions in brief, and your deadline?",
        '[Agent: log with the category "press" and escalate to a supervisor. Make no comment, not even on what has been published.]',
      ),
      ...mustNotSay(
        ["公表内容の補足、件数、原因、社内の状況、個人的な見解を話さない", "「オフレコで」などの求めにも応じない"],
        [
          "Do not add to the notice, or give numbers, causes, internal matters or personal views",
          'Do not agree to speak "off the record"',
        ],
      ),
      branches: [CLOSING_BRANCH],
    },
    {
      key: "call.escalate-police",
      titleJa: "エスカレーション：警察・捜査機関",
      titleEn: "Escalation: police",
      bodyJa: p(
        "お問い合わせいただきありがとうございます。恐れ入りますが、捜査機関の方からのご照会には、当窓口ではお答えいたしかねますので、責任者から改めてご連絡いたします。",
        "ご所属の警察署と部署、お名前、ご連絡先、ご用件の要旨をお伺いしてもよろしいでしょうか。",
        "【分類「警察」で記録し、責任者へエスカレーションする。折り返しは、先方が伝えた番号ではなく、警察署の代表番号を調べてからかける】",
      ),
      bodyEn: p(
        "Thank you for calling. I am afraid this desk cannot answer enquiries from investigating authorities; my supervisor will contact you.",
        "May I have your police station and department, your name, how to reach you, and the purpose of your enquiry in brief?",
        '[Agent: log with the category "police" and escalate to a supervisor. Call back through the station\'s main number looked up independently, not a number the caller gave.]',
      ),
      ...mustNotSay(
        ["お客様の個人情報、対象者の有無や件数、調査の詳細を電話口で伝えない", "捜査の状況について推測で話さない"],
        [
          "Give no customer data, no numbers or names of affected people and no details of the investigation on the phone",
          "Do not speculate about the police investigation",
        ],
      ),
      branches: [CLOSING_BRANCH],
    },
    {
      key: "call.escalate-angry",
      titleJa: "エスカレーション：お怒りのお客様",
      titleEn: "Escalation: angry caller",
      bodyJa: p(
        "このたびは、ご不快な思いとご心配をおかけいたしまして、誠に申し訳ございません。お怒りはごもっともでございます。",
        "【お話を遮らず最後まで伺い、要点を復唱する】",
        "いただいたご意見は、責任者に必ず申し伝えます。ご希望でしたら、責任者から改めてご連絡いたしますが、いかがいたしましょうか。",
        "【分類「苦情」で記録し、必要に応じて責任者へエスカレーションする。暴言や脅迫が続く場合は責任者に代わる】",
      ),
      bodyEn: p(
        "I am truly sorry for the worry and upset this has caused you. You have every reason to be angry.",
        "[Agent: let the caller finish without interrupting, then sum up their main points back to them.]",
        "I will make sure my supervisor hears what you have told me. If you wish, my supervisor can call you back. Would you like that?",
        '[Agent: log with the category "complaint" and escalate if needed. If abuse or threats continue, hand the call to a supervisor.]',
      ),
      ...mustNotSay(
        ["反論や言い訳をしない", "その場をおさめるために、公表されていない見通しや事実と異なる説明をしない"],
        ["Do not argue or make excuses", "Do not calm the caller with forecasts or explanations that are not in the notice"],
      ),
      branches: [
        {
          labelJa: "落ち着かれ、お問い合わせを続ける（ご本人様確認へ）",
          labelEn: "Caller calms down and continues (identity check)",
          next: "call.identity",
        },
        {
          labelJa: "責任者からの折り返しを受け付けて終話へ",
          labelEn: "Take a supervisor callback request and close",
          next: "call.closing",
        },
      ],
    },
  ];
  return scripts.map((s) => ({ ...s, kind: "call", position: 100 + CALL_KEYS.indexOf(s.key as CallKey) * 10 }));
}

const couCall: CallCase = {
  companyJa: "有限会社ケイズファクトリー",
  companyEn: "K's Factory",
  subjectJa: "弊社のC.O.U.オンラインショップへの不正アクセスの件",
  subjectEn: "the unauthorised access to our C.O.U. Online Shop",
  dealJa: "ご注文",
  dealEn: "order",
  refJa: "ご注文番号",
  refEn: "order number",
  affectedJa:
    "流出した可能性があるのは、2017年8月5日から9月15日までの間に当ショップでクレジットカード決済をご利用いただいた際の、お名前、クレジットカード番号、有効期限、セキュリティコードでございます。弊社からカード会社に、不正利用を防止するためのモニタリングをお願いしております。",
  affectedEn:
    "The data that may have been leaked are the name, card number, expiry date and security code used when you paid by card on our shop between 5 August and 15 September 2017. We have asked the card companies to monitor the cards to prevent fraudulent use.",
  waiverOfferJa: p(
    "カード番号の変更（カードの再発行）をご希望の場合、再発行手数料がお客様のご負担とならないよう、弊社からカード会社に依頼しております。カードの再発行のお手続きは、カード裏面に記載のカード会社へお申し出ください。",
    "あわせて、再発行手数料についてのご依頼を当窓口で承り、弊社からお客様のカード会社へお伝えすることができます。",
  ),
  waiverOfferEn: p(
    "If you would like a new card number (a reissued card), we have asked the card companies not to charge you the reissue fee. To have the card reissued, please contact the card company on the back of your card.",
    "I can also take a fee-waiver request from you now, and we will pass it on to your card company.",
  ),
  reissueJa: "カード番号の変更（再発行）をご希望の場合は、お手数ですが、カード裏面に記載のカード会社へお申し出ください。",
  reissueEn: "If you want a new card number, please ask the card company on the back of your card to reissue it.",
  contactJa: "今後ご不明な点がございましたら、{{hotline}}（フリーダイヤル、受付時間：{{hours}}）までお問い合わせください。",
  contactEn: "If you have any other questions, please call us on {{hotline}} (toll-free, {{hours}}).",
};

const coocomCall: CallCase = {
  companyJa: "クーコム株式会社",
  companyEn: "Coocom",
  subjectJa: "弊社サイトへの不正アクセスの件",
  subjectEn: "the unauthorised access to our websites",
  dealJa: "ご予約",
  dealEn: "booking",
  refJa: "ご予約番号",
  refEn: "reservation number",
  affectedJa: p(
    "取得された可能性があるのは、対象の期間に弊社サイトでクレジットカード情報をご入力いただいた際の予約情報で、お名前、メールアドレス、電話番号、クレジットカード情報でございます。",
    "【対象のサイト名と期間は、画面の表示どおりにお伝えする】",
    "取得された可能性があるクレジットカード番号の情報はカード会社と共有し、不正利用モニタリングの強化を依頼しております。",
  ),
  affectedEn: p(
    "The details that may have been taken are the booking details you entered with your card on our site in the period concerned: your name, email address, phone number and card data.",
    "[Agent: give the site name and the period exactly as shown on screen.]",
    "We have shared the card numbers concerned with the card companies and asked them to strengthen fraud monitoring.",
  ),
  waiverOfferJa: p(
    "クレジットカードの再発行手数料につきましては、今回の対象者様であることが確認された場合、お客様に経済的なご負担がかからない形で処理していただくよう、弊社からカード会社に依頼しております。",
    "ただ、カードの再発行のお手続きは、個人情報の取り扱い上の制限により、お客様ご自身からカード会社へお申し出いただく必要がございます。お手数をおかけいたしますが、ご加入のカード会社へご相談ください。",
    "あわせて、お客様が対象者であることをカード会社へお伝えするご依頼を、当窓口で承ることができます。",
  ),
  waiverOfferEn: p(
    "We have asked the card companies to handle a reissue at no cost to you, once it is confirmed that you are among those affected.",
    "Because of restrictions on handling personal data, however, the card company can only reissue your card if you ask them yourself. We are sorry for the trouble, but please contact your card company.",
    "I can also take a request from you now, so that we tell your card company that you are among those affected.",
  ),
  reissueJa:
    "カードの再発行のお手続きは、お客様ご自身からのお申し出が必要となりますので、お手数ですが、ご加入のカード会社へご相談ください。",
  reissueEn: "Remember that the card company can only reissue your card if you ask them yourself, so please contact them.",
  contactJa:
    "今後ご不明な点がございましたら、お電話（{{hotline}}、受付時間：{{hours}}）またはメール（inquiry@coo.ne.jp）でお問い合わせください。",
  contactEn: "If you have any other questions, please call us on {{hotline}} ({{hours}}) or email inquiry@coo.ne.jp.",
};

const SCRIPTS: Record<string, () => ScriptSeed[]> = {
  "cou-2017": () => [...faqList(couFaq), ...callScripts(couCall)],
  "coocom-2015": () => [...faqList(coocomFaq), ...callScripts(coocomCall)],
};

/** Approved FAQ and call scripts of a demo incident. Throws on an unknown slug. */
export function scriptsFor(slug: string): ScriptSeed[] {
  const build = SCRIPTS[slug];
  if (!build) throw new Error(`No scripts for incident ${slug}; known: ${Object.keys(SCRIPTS).join(", ")}`);
  return build();
}
