import { readFileSync } from 'fs';
import { parse } from 'yaml';

/** One department as the simulator needs it. */
export interface SimDepartment {
  organId: string;
  agencyCode: string;
  name: string;
  abbreviation: string;
}

/** The organs the simulator knows: the Center (the bus's side) and the departments iOffice serves. */
export interface OrganDirectory {
  center: { organId: string; name: string; province: string };
  departments: SimDepartment[];
}

/** A department table the simulator cannot use; the message names the file and the field. */
export class DepartmentTableError extends Error {
  readonly code = 'SIM_IOFFICE.INVALID_DEPARTMENTS';
}

/** A non-empty string, as NFC: names become certificate subjects and notations, which must read the same however the file was typed. */
function text(value: unknown, where: string, file: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DepartmentTableError(`${file}: ${where} must be a non-empty string`);
  }
  return value.normalize('NFC');
}

/**
 * Reads the department routing table (YAML or JSON, operations.md) and keeps the departments whose DMS is
 * iOffice (or unspecified). `centerOrganId` overrides `center.organId` (env `CENTER_ORGAN_ID`).
 */
export function loadOrganDirectory(file: string, centerOrganId?: string): OrganDirectory {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DepartmentTableError(`${file}: cannot read the department table (${(error as Error).message})`);
  }
  return organDirectoryFrom(raw, file, centerOrganId);
}

/** Builds the directory from an already-parsed table; `file` only labels error messages. */
export function organDirectoryFrom(raw: unknown, file: string, centerOrganId?: string): OrganDirectory {
  const table = (raw ?? {}) as { center?: Record<string, unknown>; departments?: unknown };
  if (typeof table.center !== 'object' || table.center === null) throw new DepartmentTableError(`${file}: missing "center"`);
  if (!Array.isArray(table.departments)) throw new DepartmentTableError(`${file}: "departments" must be a list`);
  const address = (table.center.address ?? {}) as Record<string, unknown>;
  const center = {
    organId: centerOrganId || text(table.center.organId, 'center.organId', file),
    name: text(table.center.name, 'center.name', file),
    province: typeof address.province === 'string' ? address.province.normalize('NFC') : 'Lạng Sơn',
  };
  const departments = (table.departments as Record<string, unknown>[])
    .filter((d) => d.dms === undefined || d.dms === 'ioffice')
    .map((d, i) => ({
      organId: text(d.organId ?? d.agencyCode, `departments[${i}].organId`, file),
      agencyCode: text(d.agencyCode ?? d.organId, `departments[${i}].agencyCode`, file),
      name: text(d.name, `departments[${i}].name`, file),
      abbreviation: text(d.abbreviation, `departments[${i}].abbreviation`, file),
    }));
  return { center, departments };
}
