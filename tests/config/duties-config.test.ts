/**
 * 《X安全总监职责》《X安全员守则》 as configuration: the built-in texts of all nine categories, a
 * configuration folder's duties/ replacing them, a unit's own file replacing one document, and every
 * bad file named in the error.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { dutiesLookup } from '../../src/config/load-duties.js';
import { CATEGORIES } from '../../src/domain/model.js';
import { demoConfigDir } from '../helpers/config-fixture.js';

const withDuties = (refs: string) => (y: string) => `${y}\nduties:\n${refs}`;
const problems = (dir: string): string[] => {
  try {
    loadConfig({ dir });
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map(formatIssue);
    throw e;
  }
  return [];
};

const OWN_RULES = `category: elevator
officer:
  title: 电梯安全员守则（万家物业版）
  items:
    - 每日九点前完成本人负责电梯的日管控检查；
    - 发现困人故障立即通知维保单位并报告安全总监。
`;

describe('duties texts in the configuration', () => {
  it('ships both documents for every category, drawn from 令74 with its basis', () => {
    const config = loadConfig({ dir: demoConfigDir() });
    const lookup = dutiesLookup(config.duties);
    for (const c of CATEGORIES) {
      const d = lookup('wanjia-property', c)!;
      expect(d.source).toContain('市场监管总局令第74号');
      for (const doc of [d.director, d.officer]) {
        expect(doc.origin.kind).toBe('default');
        expect(doc.sections.flatMap((s) => s.items).length).toBeGreaterThanOrEqual(7);
        for (const s of doc.sections) expect(s.basis).toBeTruthy();
      }
      expect(d.director.sections[0]!.items).toHaveLength(9); // 安全总监职责（9项）
      expect(d.officer.sections[0]!.items).toHaveLength(7); // 安全员职责（7项）
    }
    expect(lookup('wanjia-property', 'elevator')!.director.title).toBe('电梯安全总监职责');
    expect(lookup('wanjia-property', 'boiler')!.officer.sections[0]!.basis).toContain('第九条');
  });

  it("a unit's own file replaces one document for that unit; the other stays the default", () => {
    const dir = demoConfigDir(withDuties('  elevator: ../own/elevator.yaml\n'), { 'own/elevator.yaml': OWN_RULES });
    const lookup = dutiesLookup(loadConfig({ dir }).duties);
    const elevator = lookup('wanjia-property', 'elevator')!;
    expect(elevator.officer.title).toBe('电梯安全员守则（万家物业版）');
    expect(elevator.officer.origin.kind).toBe('unit');
    expect(elevator.officer.sections).toEqual([
      {
        heading: '',
        items: ['每日九点前完成本人负责电梯的日管控检查；', '发现困人故障立即通知维保单位并报告安全总监。'],
      },
    ]);
    expect(elevator.director.origin.kind).toBe('default');
    expect(lookup('wanjia-property', 'boiler')!.officer.origin.kind).toBe('default');
    // another unit (none configured) keeps the defaults
    expect(lookup('other-unit', 'elevator')!.officer.origin.kind).toBe('default');
  });

  it("the configuration folder's duties/ replaces the built-in text for every unit", () => {
    const dir = demoConfigDir(undefined, {
      'duties/boiler.yaml': 'director:\n  title: 锅炉安全总监职责\n  items:\n    - 本公司锅炉安全总监第一条职责。\n',
    });
    const boiler = dutiesLookup(loadConfig({ dir }).duties)('wanjia-property', 'boiler')!;
    expect(boiler.director.sections[0]!.items).toEqual(['本公司锅炉安全总监第一条职责。']);
    expect(boiler.officer.origin.kind).toBe('default');
  });

  it('names the bad file in every error', () => {
    expect(problems(demoConfigDir(withDuties('  elevator: ../own/missing.yaml\n')))).toEqual([
      expect.stringMatching(/own\/missing\.yaml: 无法读取文件（ENOENT）$/),
    ]);
    expect(
      problems(
        demoConfigDir(withDuties('  elevator: ../own/e.yaml\n'), {
          'own/e.yaml': 'officer:\n  title: 守则\n  items: []\n',
        }),
      ),
    ).toEqual([expect.stringMatching(/own\/e\.yaml: officer\.items: items 至少写一条$/)]);
    expect(problems(demoConfigDir(withDuties('  boiler: ../own/e.yaml\n'), { 'own/e.yaml': OWN_RULES }))).toEqual([
      expect.stringMatching(/own\/e\.yaml: category: 本文件写的是 elevator，而单位文件 .*把它用作 boiler（锅炉）/),
    ]);
    expect(problems(demoConfigDir(undefined, { 'duties/lift.yaml': OWN_RULES }))).toEqual([
      expect.stringMatching(/duties\/lift\.yaml: 文件名应为设备类别代码/),
    ]);
    expect(problems(demoConfigDir(undefined, { 'duties/crane.yaml': 'source: 令74\n' }))).toEqual([
      expect.stringMatching(/duties\/crane\.yaml: 请至少写 director（安全总监职责）或 officer（安全员守则）之一$/),
    ]);
    expect(problems(demoConfigDir(withDuties('  lift: ../own/e.yaml\n')))).toEqual([
      expect.stringMatching(/wanjia-property\.yaml: duties: .*lift/),
    ]);
  });
});
