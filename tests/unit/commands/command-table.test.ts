/** 帮助 comes from the command table, so it cannot drift from what the parser reads. */
import { describe, expect, it } from 'vitest';
import { helpFor } from '../../../src/app/commands/handle-text.js';
import { COMMAND_EXAMPLES } from '../../../src/domain/commands/command-help.js';
import {
  COMMAND_ALIASES,
  COMMAND_HELP,
  COMMAND_NAMES,
  parseCommand,
} from '../../../src/domain/commands/parse-command.js';
import type { Role } from '../../../src/domain/model.js';

const ROLES: Role[] = ['officer', 'director', 'principal'];

describe('the command table', () => {
  it('every command has aliases, a label that is one of them, and a usage that starts with it', () => {
    for (const name of COMMAND_NAMES) {
      const h = COMMAND_HELP[name];
      expect(COMMAND_ALIASES[name], name).toContain(h.label);
      expect(h.usage.split(' ')[0], name).toBe(h.label);
      const r = parseCommand(h.usage.split(' ')[0]!);
      expect(r.ok ? r.command.name : r.command, name).toBe(name);
    }
  });

  it('every example parses to its own command', () => {
    for (const [name, example] of Object.entries(COMMAND_EXAMPLES)) {
      const r = parseCommand(example);
      expect(r.ok && r.command.name, example).toBe(name);
    }
  });

  it('帮助 lists, for each role, exactly the commands the table gives that role, with their usage', () => {
    for (const role of ROLES) {
      const help = helpFor({ role });
      for (const name of COMMAND_NAMES) {
        const line = `· ${COMMAND_HELP[name].usage}　${COMMAND_HELP[name].summary}`;
        const roles = COMMAND_HELP[name].roles;
        expect(help.includes(line), `${role} ${name}`).toBe(roles === undefined || roles.includes(role));
      }
    }
    expect(helpFor({ role: 'director' })).toContain('· 停用 <设备> <原因>');
    expect(helpFor({ role: 'officer' })).not.toContain('停用');
    expect(helpFor({ role: 'principal' })).not.toContain('意见 <内容>');
    expect(helpFor({ role: 'officer' })).not.toContain('即将推出');
  });
});
