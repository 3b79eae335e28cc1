/**
 * The page layout of every Word export (日检, 周报, 月报, 隐患台账, 履职记录, 清单,
 * 职责, 守则), read back from the file's XML: the unit's name in the page
 * header of every section, the legend in the header of the parts whose tables use its marks (and only
 * those), repeated table header rows, signature blocks kept together and with what precedes them,
 * and device codes that cannot break (word joiners, columns wide enough).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/clock/manual-clock.js';
import { fitColumns, textTwips } from '../../src/adapters/reports/docx-layout.js';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { exportReport } from '../../src/app/export-report.js';
import { runSimulation } from '../../src/app/simulation/run-simulation.js';
import { scriptSchema } from '../../src/app/simulation/script.js';
import { timedActions } from '../../src/cli/simulate.js';
import { loadConfig } from '../../src/config/load-config.js';
import { dutiesLookup } from '../../src/config/load-duties.js';
import { codeGuard, readable, WORD_JOINER } from '../../src/domain/reports/layout.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { documentXml, unzipEntry } from './open-files.js';

const UNIT_NAME = '天津万家物业管理有限公司';
const CODES = ['31101201160001', '31101201160004', '梯11津BH0001(25)', '梯11津BH0004(25)'];

/** The body of a docx cut into its Word sections, each with the XML of the header it shows. */
function parts(docx: Uint8Array): { body: string; header: string; sectPr: string }[] {
  const xml = documentXml(docx);
  const rels = unzipEntry(docx, 'word/_rels/document.xml.rels').toString('utf8');
  const target = (id: string) => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? '';
  const body = xml.slice(xml.indexOf('<w:body>') + 8, xml.lastIndexOf('</w:body>'));
  const out: { body: string; header: string; sectPr: string }[] = [];
  let from = 0;
  for (const m of body.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)) {
    const ref = /<w:headerReference w:type="default" r:id="([^"]+)"/.exec(m[0]);
    const file = ref ? target(ref[1]!) : '';
    out.push({
      body: body.slice(from, m.index),
      sectPr: m[0],
      header: file ? unzipEntry(docx, `word/${file}`).toString('utf8') : '',
    });
    from = m.index + m[0].length;
  }
  return out;
}

const textOf = (xml: string) => readable(xml.replace(/<[^>]+>/g, ''));
const tables = (xml: string) => [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
const rows = (tbl: string) => [...tbl.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
const cells = (row: string) => [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]);
/** A signature block: its rows end with a date to fill in. */
const isSignature = (tbl: string) => /日期：_+年_+月_+日/.test(textOf(tbl));

describe('Word layout rules on every export', () => {
  let e: TestEngine;
  const files = new Map<string, Uint8Array>();
  beforeAll(async () => {
    e = await demoEngine({ start: '2026-11-30T16:00:00Z' });
    const script = scriptSchema.parse({
      routine: [
        { who: '赵敏', at: '08:45', do: 'daily' },
        { who: '张三', at: '09:00', do: 'daily' },
        { who: '李四', at: '10:00', do: 'daily', except: ['2026-12-02'] },
      ],
      answers: [
        {
          when: '2026-12-02 09:05',
          who: '李四',
          do: 'daily',
          devices: {
            '2号楼1号客梯': {
              abnormal: {
                item: 4,
                description: '轿门关闭异响',
                level: 'general',
                measures: '通知维保',
                stopped_use: false,
              },
            },
          },
        },
        { when: '2026-12-03 10:00', who: '李明', do: 'weekly' },
      ],
    });
    await runSimulation(
      { ...e, clock: new ManualClock(e.clock.now()) },
      new Date('2026-11-30T16:00:00Z'),
      new Date('2026-12-03T16:00:00Z'),
      timedActions(script, '2026-12-01', '2026-12-03', 'Asia/Shanghai'),
      () => {},
    );
    const deps = {
      store: e.store,
      clock: { now: () => new Date('2026-12-04T01:00:00Z') },
      writers: REPORT_WRITERS,
      duties: dutiesLookup(loadConfig({ dir: demoConfigDir() }).duties),
    };
    for (const kind of ['日检', '周报', '月报', '隐患', '履职', '清单', '职责', '守则']) {
      const [f] = await exportReport(deps, {
        unitKey: 'wanjia-property',
        kind,
        from: '2026-12-01',
        to: '2026-12-03',
        category: kind === '隐患' || kind === '履职' ? undefined : '电梯',
      });
      files.set(kind, f!.bytes);
    }
  }, 60_000);
  afterAll(async () => e?.close());

  it('prints the unit name in the page header of every section (every page), with no different first page', () => {
    for (const [kind, docx] of files) {
      const ps = parts(docx);
      expect(ps.length, kind).toBeGreaterThan(0);
      for (const p of ps) {
        expect(textOf(p.header), kind).toContain(UNIT_NAME);
        expect(p.sectPr).not.toContain('<w:titlePg');
      }
    }
    // one Word section per day of the daily record, after the range summary
    expect(parts(files.get('日检')!)).toHaveLength(4);
  });

  it('puts the legend in the header of exactly the parts whose tables use its marks', () => {
    const daily = parts(files.get('日检')!);
    let withLegend = 0;
    for (const p of daily) {
      const marks = new Set(
        tables(p.body)
          .flatMap(rows)
          .flatMap(cells)
          .map((c) => textOf(c).trim()),
      );
      const used = ['√', '×', '○', '缺', '—'].filter((m) => marks.has(m));
      const header = textOf(p.header);
      if (used.length === 0) expect(header).not.toContain('图例');
      else {
        withLegend++;
        for (const m of used) expect(header).toMatch(new RegExp(`图例：.*${m} `));
      }
    }
    // the day pages mark items √ (and the abnormal day ×)
    expect(withLegend).toBeGreaterThanOrEqual(3);
    expect(textOf(daily[2]!.header)).toContain('× 异常');
    // documents without marks carry no legend
    for (const p of parts(files.get('履职')!)) expect(textOf(p.header)).not.toContain('图例');
  });

  it('repeats every data table header row on each page and never splits a row', () => {
    for (const [kind, docx] of files) {
      for (const t of tables(documentXml(docx))) {
        const rs = rows(t);
        for (const r of rs) expect(r, kind).toContain('<w:cantSplit/>');
        if (!isSignature(t)) expect(rs[0], kind).toContain('<w:tblHeader/>');
      }
    }
  });

  it('keeps each signature block on one page and with the content before it', () => {
    for (const [kind, docx] of files) {
      const xml = documentXml(docx);
      const sigs = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].filter((m) => isSignature(m[0]));
      expect(sigs.length, kind).toBeGreaterThan(0);
      for (const m of sigs) {
        const rs = rows(m[0]);
        expect(rs.length, kind).toBeGreaterThanOrEqual(1);
        expect(textOf(rs[0]!)).toMatch(/（签[字发][^）]*）：_+日期：_+年_+月_+日/);
        // every row but the last is kept with the next: the block never splits
        rs.slice(0, -1).forEach((r) => {
          expect(r, kind).toContain('<w:keepNext/>');
        });
        // what comes just before is a paragraph kept with the block: it never starts a page alone
        const before = xml.slice(0, m.index);
        const lastP = before.slice(before.lastIndexOf('<w:p>'));
        expect(lastP, kind).toContain('<w:keepNext/>');
        // …and when that paragraph is the gap after a table, the table's last row is kept with it
        const beforeP = before.slice(0, before.lastIndexOf('<w:p>'));
        if (beforeP.endsWith('</w:tbl>')) {
          const prevRows = rows(beforeP.slice(beforeP.lastIndexOf('<w:tbl>')));
          expect(prevRows[prevRows.length - 1], kind).toContain('<w:keepNext/>');
        }
      }
    }
    // the daily record is signed at the end of each day
    const daily = documentXml(files.get('日检')!);
    expect((daily.match(/安全员（签字）：/g) ?? []).length).toBe(3);
  });

  it('never breaks a device code or 使用登记证号: joined characters in a column wide enough', () => {
    for (const kind of ['日检', '清单', '月报', '隐患']) {
      const xml = documentXml(files.get(kind)!);
      const plain = xml.replace(/<[^>]+>/g, '');
      let seen = 0;
      for (const code of CODES) {
        const joined = [...code].join(WORD_JOINER);
        // never printed as a breakable string
        expect(plain.includes(code), `${kind} ${code}`).toBe(false);
        if (plain.includes(joined)) seen++;
      }
      if (kind !== '月报') expect(seen, kind).toBeGreaterThan(0);
      for (const tc of [...xml.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0])) {
        const code = CODES.find((c) => textOf(tc).includes(c));
        if (!code) continue;
        const width = Number(
          /<w:tcW w:type="dxa" w:w="(\d+)"\/>|<w:tcW w:w="(\d+)" w:type="dxa"\/>/.exec(tc)?.slice(1).find(Boolean),
        );
        expect(width, `${kind} ${code}`).toBeGreaterThanOrEqual(textTwips(code, 18) + 100);
      }
    }
  });
});

describe('layout helpers', () => {
  it('codeGuard joins each code, longest first, and leaves other text alone', () => {
    const g = codeGuard(['31101201160001', '3110', 'A-1']);
    expect(g('设备 31101201160001 与 A-1')).toBe(
      `设备 ${[...'31101201160001'].join(WORD_JOINER)} 与 A${WORD_JOINER}\u2011${WORD_JOINER}1`,
    );
    expect(readable(g('31101201160001 A-1'))).toBe('31101201160001 A-1');
    expect(g('无代码')).toBe('无代码');
  });

  it('fitColumns widens a code column from the others and keeps the table width', () => {
    const w = fitColumns([1000, 1000, 3000], [0, 1600, 0]);
    expect(w[1]).toBe(1600);
    expect(w.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(w[0]).toBeLessThan(1000);
    // impossible: left as it was
    expect(fitColumns([100, 100], [300, 300])).toEqual([100, 100]);
  });
});
