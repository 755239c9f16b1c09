/** Japanese: retention periods (admins). */
const retention = {
  title: "データの保存期間",
  intro:
    "種類ごとの保存期間です。期間を過ぎたデータは、毎日実行するコマンド「npm run cli -- purge」により削除または匿名化され、その件数が監査ログに記録されます。画面から直接削除することはできません。",
  periods: "保存期間（日数）",
  kinds: {
    contactText: "応対記録のメモ・本文・お客様の氏名と連絡先（応対日から）",
    lookups: "照会記録（照会日から）",
    waiverContacts: "免除依頼のお名前・連絡先（対応済み・お受けできない となった日から）",
    affectedRecords: "対象者リスト（事案の窓口を閉じた日から。匿名化）",
    auditLog: "監査ログ（記録日から）",
  },
  help: {
    contactText:
      "期間を過ぎると、メモ・本文・件名・お客様の氏名・連絡先・注文番号・添付ファイル名を履歴も含めて消去します。件数や日時、分類などの統計用の項目は残ります。",
    affectedRecords:
      "氏名・連絡先・注文番号・カード下4桁と、それらの照合用キー（HMAC）を消去します。取引日とブランドは統計用に残ります。窓口を閉じた日を下の表で設定した事案だけが対象です。",
    auditLog:
      "監査ログは原則として削除しません。削除を有効にした場合に限り、この期間を過ぎた記録を削除します（365日未満にはできません）。",
  },
  auditLogPurge: "保存期間を過ぎた監査ログを削除する（初期設定: 削除しない）",
  days: "{{count}}日",
  save: "保存",
  saved: "保存しました。",
  unchanged: "変更はありませんでした。",
  errors: {
    number: "日数を整数で入力してください。",
    min: "{{min}}日以上にしてください。",
    max: "{{max}}日以下にしてください。",
  },
  incidents: {
    title: "事案の窓口の終了日",
    help: "窓口を閉じた日を入力すると、その日から上の日数が過ぎた時点で対象者リストが匿名化されます。空欄は「受付中」です。",
    incident: "事案",
    closedOn: "窓口を閉じた日",
    anonymised: "匿名化済み",
    save: "設定",
    open: "受付中",
    invalidDate: "日付を YYYY-MM-DD で入力してください。",
  },
  preview: {
    title: "次回の削除・匿名化の見込み",
    button: "件数を確認する（何も変更しません）",
    contactText: "応対記録（消去）",
    lookups: "照会記録（削除）",
    waiverContacts: "免除依頼の連絡先（消去）",
    affectedRecords: "対象者（匿名化）",
    auditLog: "監査ログ（削除）",
    auditLogOff: "削除しない設定です",
  },
};

export default retention;
