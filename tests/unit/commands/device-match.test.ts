/** Devices as people name them, on the demo unit's ledger plus a few shapes it does not have. */
import { describe, expect, it } from 'vitest';
import { foldDeviceText, type Matchable, matchDevices } from '../../../src/domain/commands/device-match.js';

const d = (
  code: string,
  name: string,
  category: Matchable['category'],
  location = '',
  registrationNo = '',
): Matchable => ({ code, name, category, location, registrationNo });
const LEDGER: Matchable[] = [
  d('31101201160001', '1号楼1号客梯', 'elevator', '1号楼东侧', '梯11津BH0001(25)'),
  d('31101201160002', '1号楼2号客梯', 'elevator', '1号楼西侧'),
  d('31101201160003', '1号楼3号货梯', 'elevator', '1号楼北侧'),
  d('31101201160004', '2号楼1号客梯', 'elevator', '2号楼大堂'),
  d('31101201160005', '2号楼2号客梯', 'elevator', '2号楼大堂'),
  d('31101201160006', '2号楼消防电梯', 'elevator', '2号楼南侧'),
  d('11101201160001', '燃气热水锅炉', 'boiler', '地下锅炉房'),
  d('51101201160001', '1号叉车（内燃）', 'field_vehicle', '地下库房'),
  d('51101201160002', '2号叉车（电动）', 'field_vehicle', '地下库房'),
  d('31101201160099', '12号楼电梯', 'elevator'),
];
const names = (q: string) => matchDevices(q, LEDGER).devices.map((x) => x.name);

describe('matchDevices', () => {
  it.each<[string, string[]]>([
    ['1号梯', ['1号楼1号客梯', '2号楼1号客梯']],
    ['1号楼1号', ['1号楼1号客梯']],
    ['1号楼 1号 客梯', ['1号楼1号客梯']],
    ['一号楼一号梯', ['1号楼1号客梯']],
    ['3号货梯', ['1号楼3号货梯']],
    ['货梯', ['1号楼3号货梯']],
    ['消防梯', ['2号楼消防电梯']],
    ['2号楼', ['2号楼1号客梯', '2号楼2号客梯', '2号楼消防电梯']],
    ['十二号楼', ['12号楼电梯']],
    ['12号梯', ['12号楼电梯']],
    ['160005', ['2号楼2号客梯']],
    ['0002', ['1号楼2号客梯', '2号叉车（电动）']],
    ['31101201160003', ['1号楼3号货梯']],
    ['梯11津BH0001(25)', ['1号楼1号客梯']],
    ['锅炉', ['燃气热水锅炉']],
    ['燃气锅炉', ['燃气热水锅炉']],
    ['锅炉房', ['燃气热水锅炉']],
    ['叉车', ['1号叉车（内燃）', '2号叉车（电动）']],
    ['1号叉车', ['1号叉车（内燃）']],
    ['１号叉车(内燃)', ['1号叉车（内燃）']],
    ['电梯', LEDGER.filter((x) => x.category === 'elevator').map((x) => x.name)],
  ])('%s → %j', (query, want) => {
    expect(names(query)).toEqual(want);
  });

  it('an exact name wins alone, though others contain it', () => {
    const ledger = [d('1', '1号梯', 'elevator'), d('2', '1号梯备用', 'elevator')];
    expect(matchDevices('1号梯', ledger)).toMatchObject({ how: 'exact', devices: [{ code: '1' }] });
  });

  it('says none, with suggestions that share characters, and never matches an empty query', () => {
    expect(names('热水炉')).toEqual(['燃气热水锅炉']);
    const none = matchDevices('热力站', LEDGER);
    expect(none.how).toBe('none');
    expect(none.how === 'none' && none.suggestions.map((x) => x.name)).toEqual(['燃气热水锅炉']);
    expect(matchDevices('5号梯', LEDGER).how).toBe('none');
    expect(matchDevices('3号楼', LEDGER).how).toBe('none');
    expect(matchDevices('  ', LEDGER)).toEqual({ how: 'none', devices: [], suggestions: [] });
    expect(names('12')).toEqual(['12号楼电梯']); // two digits are too few for a code tail: a number
  });

  it('folds what keyboards add', () => {
    expect(foldDeviceText('１号楼　二号（客梯）')).toBe('1号楼2号客梯');
  });
});
