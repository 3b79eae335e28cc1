/**
 * The answer to typed text. The command layer (今日、逾期、隐患…) replaces this; until then every
 * message gets a short, kind explanation of what the bot does and how to start.
 */
export function replyText(person: { name: string } | null, text: string): string {
  if (!person) {
    return ['您好！我是 SafeDuty 特种设备安全助手。', '您的飞书账号尚未绑定：请向管理员索取邀请码，然后发送“绑定 邀请码”。'].join('\n');
  }
  const t = text.trim();
  return [
    `${person.name}，您好！我会每天把需要您完成的检查、报告和隐患整改以卡片发给您，在卡片上点选即可提交。`,
    t && !/^(帮助|help|\/help|\/start)$/i.test(t) ? `文字命令（如“今日”“逾期”“隐患”）即将上线，暂时无法处理“${t.slice(0, 20)}”。` : '文字命令（如“今日”“逾期”“隐患”）即将上线。',
  ].join('\n');
}
