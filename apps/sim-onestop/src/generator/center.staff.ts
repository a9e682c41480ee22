import type { Department, Departments } from '@lienthong/config';
import type { IssuerKind } from '@lienthong/contracts';
import { SeededRandom, seedOf } from '../shared/seeded-random';
import { appraisingUnit } from './procedure.catalog';
import { person } from './vietnamese.data';

/** The people of one department who act at the Center. */
export interface DepartmentStaff {
  /** Department officials at the Center (receive, return, release results). */
  readonly officers: readonly string[];
  /** Postal staff acting for the department when it delegated to the Post. */
  readonly postalStaff: readonly string[];
  /** Specialists who appraise, with their position. */
  readonly appraisers: ReadonlyArray<{ fullName: string; position: string }>;
  /** Leaders who approve and sign. */
  readonly leaders: ReadonlyArray<{ fullName: string; position: string }>;
}

/**
 * Who works where. Each department's roster is drawn from a generator seeded by its agency code, not by
 * the simulation seed: the same officials appear run after run, as they would in a real Center.
 */
export class StaffDirectory {
  private readonly byAgency = new Map<string, DepartmentStaff>();
  /** The Center's clerks (văn thư), who release results for departments delegated to the Post. */
  readonly centerClerks: readonly string[];

  constructor(departments: Departments) {
    for (const department of departments.all) this.byAgency.set(department.agencyCode, rosterOf(department));
    const rng = new SeededRandom(seedOf(departments.center.organId));
    this.centerClerks = [person(rng).fullName, person(rng).fullName];
  }

  of(department: Department): DepartmentStaff {
    let staff = this.byAgency.get(department.agencyCode);
    if (!staff) {
      staff = rosterOf(department);
      this.byAgency.set(department.agencyCode, staff);
    }
    return staff;
  }

  /** Who releases a result: a Center clerk, or one of the department's officers. */
  issuer(department: Department, kind: IssuerKind, rng: SeededRandom): string {
    return rng.pick(kind === 'center-clerk' ? this.centerClerks : this.of(department).officers);
  }
}

/**
 * What a department's head and deputies are called: a sở has a Giám đốc, a ban a Trưởng ban, the provincial
 * inspectorate a Chánh Thanh tra; deputies are Phó of the same.
 */
export function leaderTitle(department: Pick<Department, 'name'>): string {
  if (/^Ban\s/u.test(department.name)) return 'Trưởng ban';
  if (/^Thanh tra\s/u.test(department.name)) return 'Chánh Thanh tra';
  return 'Giám đốc';
}

function rosterOf(department: Department): DepartmentStaff {
  const rng = new SeededRandom(seedOf(department.agencyCode));
  const names = (n: number): string[] => Array.from({ length: n }, () => person(rng).fullName);
  const unit = appraisingUnit(department);
  return {
    officers: names(3),
    postalStaff: names(2),
    appraisers: names(3).map((fullName, i) => ({
      fullName,
      position: i === 0 ? `Phó Trưởng ${unit.charAt(0).toLowerCase()}${unit.slice(1)}` : `Chuyên viên ${unit}`,
    })),
    leaders: [
      { fullName: person(rng).fullName, position: leaderTitle(department) },
      { fullName: person(rng).fullName, position: `Phó ${leaderTitle(department)}` },
      { fullName: person(rng).fullName, position: `Phó ${leaderTitle(department)}` },
    ],
  };
}
