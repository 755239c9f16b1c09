/** Japanese: API tokens for IVR/CTI integrations (admin). */
const tokens = {
  title: "APIトークン",
  intro: "IVR・CTIなどの外部システムが /api/v1 を呼び出すためのトークンです。トークンは作成時に一度だけ表示され、サーバーにはハッシュ値だけが保存されます。使い方は docs/api.md を参照してください。",
  name: "名前",
  namePlaceholder: "例: IVR 本番",
  prefix: "識別用の先頭文字",
  scopes: "権限（スコープ）",
  scope: {
    lookups: "lookups（対象者照会）",
    calls: "calls（通話記録）",
    contacts: "contacts（応対記録）",
  },
  createdAt: "作成日時",
  createdBy: "作成者",
  lastUsed: "最終使用",
  never: "未使用",
  status: "状態",
  active: "有効",
  revoked: "失効",
  revokedAt: "失効日時: {{when}}",
  actions: "操作",
  create: "トークンを作成",
  revoke: "失効させる",
  revokeConfirm: "このトークンを失効させますか？ 使用中のシステムからの呼び出しはすぐに拒否されます。",
  none: "トークンはまだありません。",
  created: "トークン「{{name}}」を作成しました。次の値は今しか表示されません。今すぐ安全な場所にコピーしてください。",
  revokedDone: "トークン「{{name}}」を失効させました。",
  errors: {
    name: "名前を入力してください（100文字以内）。",
    scopes: "権限を1つ以上選んでください。",
    invalid: "操作を受け付けられませんでした。ページを再読み込みしてから、もう一度お試しください。",
  },
};

export default tokens;
