import type { Department, Departments } from '@lienthong/config';

/** The Center as the edXML `From` of the bus's packages. */
export interface CenterOrgan {
  readonly organId: string;
  readonly name: string;
  /** Province, written as `PromulgationInfo/Place`. */
  readonly place: string;
}

/** The organs the adapter deals with: the Center (organ id overridable by `CENTER_ORGAN_ID`) and the departments. */
export class OrganDirectory {
  readonly center: CenterOrgan;

  constructor(
    private readonly departments: Departments,
    centerOrganId: string | undefined,
  ) {
    const { center } = departments;
    this.center = { organId: centerOrganId ?? center.organId, name: center.name, place: center.address.province };
  }

  /** The department with this one-stop agency code. */
  byAgency(agencyCode: string): Department | undefined {
    return this.departments.get(agencyCode);
  }

  /** The department with this iOffice organ id. */
  byOrgan(organId: string): Department | undefined {
    return this.departments.byOrganId(organId);
  }
}
