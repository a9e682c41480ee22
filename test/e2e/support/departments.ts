/** A department of the table the whole system runs with, as the end-to-end suites pick and check them. */
export interface SystemDepartment {
  readonly agencyCode: string;
  readonly organId: string;
  readonly name: string;
  readonly abbreviation: string;
  readonly appraisal: string;
  readonly approval: string;
  readonly delegatedToPost: boolean;
}

/** An abbreviation beyond plain ASCII letters and digits (SKHĐT, SNN&PTNT): every id derived from it must be folded. */
export const isVietnameseAbbreviation = (abbreviation: string): boolean => /[^A-Za-z0-9]/.test(abbreviation);

const combinationOf = (d: SystemDepartment): string => `${d.appraisal}/${d.approval}/${d.delegatedToPost ? 'delegated' : 'own staff'}`;

/**
 * One department per appraisal × approval × delegation combination, in table order, preferring one whose abbreviation
 * has Vietnamese letters or '&', so that every path runs through the ids that need folding.
 */
export function oneOfEachCombination(departments: readonly SystemDepartment[]): SystemDepartment[] {
  const chosen = new Map<string, SystemDepartment>();
  for (const d of departments) {
    const current = chosen.get(combinationOf(d));
    if (!current || (!isVietnameseAbbreviation(current.abbreviation) && isVietnameseAbbreviation(d.abbreviation)))
      chosen.set(combinationOf(d), d);
  }
  return [...chosen.values()];
}

/** The department with this abbreviation (as written in the table, e.g. `SKHĐT`); throws when the table has none. */
export function departmentNamed(departments: readonly SystemDepartment[], abbreviation: string): SystemDepartment {
  const department = departments.find((d) => d.abbreviation === abbreviation);
  if (!department) throw new Error(`the department table has no ${abbreviation} (config/departments.yaml)`);
  return department;
}
