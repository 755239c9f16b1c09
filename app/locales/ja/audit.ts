/** Japanese: the audit log browser (admins). */
const audit = {
  title: "監査ログ",
  intro:
    "誰が・いつ・何を・どこから行ったかの記録です（対象者情報の閲覧、照会、エクスポート、スクリプトの変更、免除依頼の判断、ログイン・ログアウト、アカウントやトークンの変更など）。記録はアプリから変更・削除できません。保存期間を過ぎた記録は、管理者が有効にした場合に限り、保存期間の設定に従って削除されます。",
  caption: "監査ログ（新しい順）",
  filter: {
    title: "絞り込み",
    from: "開始日",
    to: "終了日",
    actor: "実行者（メールアドレス等の先頭一致）",
    action: "操作（先頭一致。例: export.）",
    entityType: "対象種別",
    entityId: "対象ID",
    ip: "IPアドレス（先頭一致）",
    apply: "絞り込む",
    clear: "条件を解除",
  },
  columns: {
    at: "日時",
    actor: "実行者",
    action: "操作",
    entity: "対象",
    ip: "IPアドレス",
    details: "詳細",
  },
  actorTypes: { user: "スタッフ", token: "APIトークン", public: "一般（ウェブ）", system: "システム" },
};

export default audit;
