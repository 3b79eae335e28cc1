/**
 * A synthetic city for the benchmark: N units × 25 devices, each unit with a principal, a director
 * and three officers. Units come in four kinds of premises so that categories are mixed (mostly
 * elevators); a few devices are paused (临时停用) or stopped (停用). Built as UnitSpecs, exactly what
 * configuration would hand to the store.
 */
import type { ChecklistFile } from '../src/config/checklist-file.js';
import { type Category, roleTitle } from '../src/domain/model.js';
import type { ChecklistSpec, EquipmentSpec, PersonSpec, UnitSpec } from '../src/domain/unit-spec.js';

export interface CityOptions {
  units: number;
  devicesPerUnit: number;
  officersPerUnit: number;
  checklists: ReadonlyMap<Category, ChecklistFile>;
}

const rep = (c: Category, n: number): Category[] => Array.from({ length: n }, () => c);

/** Premises kinds; each list is repeated or cut to the number of devices per unit. */
const MIXES: { label: string; devices: Category[] }[] = [
  { label: '物业', devices: [...rep('elevator', 24), 'boiler'] },
  {
    label: '工厂',
    devices: [
      ...rep('elevator', 16),
      ...rep('crane', 3),
      ...rep('field_vehicle', 3),
      ...rep('pressure_vessel', 2),
      'boiler',
    ],
  },
  {
    label: '医院',
    devices: [...rep('elevator', 20), ...rep('pressure_vessel', 2), 'gas_cylinder', ...rep('pressure_piping', 2)],
  },
  {
    label: '商场',
    devices: [...rep('elevator', 18), ...rep('amusement_ride', 4), 'boiler', ...rep('pressure_vessel', 2)],
  },
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function buildCity(o: CityOptions): UnitSpec[] {
  return Array.from({ length: o.units }, (_, i) => buildUnit(o, i));
}

function buildUnit(o: CityOptions, i: number): UnitSpec {
  const mix = MIXES[i % MIXES.length]!;
  const person = (k: number, name: string, role: 'principal' | 'director' | 'officer', reason: string): PersonSpec => ({
    name,
    mobile: `139${pad(i * 10 + k, 8)}`,
    roles: [{ role, categories: [], title: roleTitle(role, 'user'), since: '2025-01-01', reason }],
    certificates: [],
    trainings: [],
    identities: [],
  });
  const officers = Array.from({ length: o.officersPerUnit }, (_, k) =>
    person(2 + k, `安全员${i}-${k + 1}`, 'officer', '负责本单位部分设备'),
  );
  const people = [
    person(0, `负责人${i}`, 'principal', '总经理'),
    person(1, `总监${i}`, 'director', '工程部经理'),
    ...officers,
  ];

  const equipment: EquipmentSpec[] = Array.from({ length: o.devicesPerUnit }, (_, j) => {
    const category = mix.devices[j % mix.devices.length]!;
    // A few devices out of daily routine: every 20th unit has one paused, every 100th one stopped.
    const status = j === 2 && i % 20 === 0 ? 'paused' : j === 3 && i % 100 === 0 ? 'stopped' : 'in_use';
    return {
      code: `9${pad(i, 6)}${pad(j, 4)}`,
      registrationNo: `基准${pad(i, 6)}-${pad(j, 2)}`,
      category,
      name: `${category === 'elevator' ? `${Math.floor(j / 6) + 1}号楼${(j % 6) + 1}号梯` : `${category}-${j + 1}`}`,
      location: `${mix.label}${Math.floor(j / 6) + 1}区`,
      status,
      statusReason: status === 'in_use' ? '' : '维修',
      officerMobile: officers[j % officers.length]!.mobile,
      nextInspection: '2027-06-30',
    };
  });

  const checklists: ChecklistSpec[] = [...new Set(equipment.map((e) => e.category))].sort().map((c) => {
    const file = o.checklists.get(c);
    if (!file) throw new Error(`no default checklist for ${c}`);
    return { category: c, title: file.title, items: file.items };
  });

  return {
    key: `bench-${pad(i, 5)}`,
    name: `基准城市${mix.label}单位${i}`,
    creditCode: `91110000${pad(i, 10)}`,
    kind: 'user',
    timeZone: 'Asia/Shanghai',
    dailyDays: 'every_day',
    settings: null,
    suspensions: [],
    people,
    equipment,
    checklists,
  };
}
