import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadDepartments, parseDepartments } from './departments';

describe('department routing table', () => {
  it('loads the shipped table with every combination of modes', () => {
    const table = loadDepartments(join(__dirname, '../../../config/departments.yaml'));
    expect(table.center.organId).toBe('000.00.01.H36');
    const combos = new Set(table.all.map((d) => `${d.appraisal}/${d.approval}/${d.delegatedToPost}`));
    expect(combos.size).toBe(4);
    expect(table.get('000.00.12.H36')?.abbreviation).toBe('SXD');
    expect(table.get('nope')).toBeUndefined();
  });

  it('names the file, the line and the field of each mistake', () => {
    const text = [
      'center: { organId: "000.00.01.H36", name: "Trung tâm", address: { line: "x", province: "Lạng Sơn" } }',
      'departments:',
      '  - agencyCode: "000.00.12.H36"',
      '    organId: "000.00.12.H36"',
      '    name: "Sở Xây dựng"',
      '    abbreviation: "SXD"',
      '    apraisal: online',
      '    approval: sometimes',
      '    delegatedToPost: false',
      '    dms: ioffice',
      '    archive: { address: { line: "x", province: "Lạng Sơn" }, maxBatch: 50, cutoff: "16:30" }',
    ].join('\n');
    let error: unknown;
    try {
      parseDepartments(text, 'deps.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('deps.yaml line 7: unknown field "apraisal" in departments[0]');
    expect(message).toContain('deps.yaml line 8: departments[0].approval must be "online" or "at-center"');
    expect(message).toContain('departments[0].appraisal is required');
  });

  it('reads an optional signer subject pattern, and refuses one that does not compile', () => {
    const table = (signer?: string): string =>
      [
        'center: { organId: "000.00.01.H36", name: "Trung tâm", address: { line: "x", province: "Lạng Sơn" } }',
        'departments:',
        '  - { agencyCode: "000.00.12.H36", organId: "000.00.12.H36", name: "Sở Xây dựng", abbreviation: "SXD", appraisal: online, approval: online,',
        `      delegatedToPost: false, dms: ioffice, archive: { address: { line: "x", province: "Lạng Sơn" }, maxBatch: 50, cutoff: "16:30" }${signer ? ',' : ''}`,
        `      ${signer ?? ''} }`,
      ].join('\n');
    expect(parseDepartments(table('signerSubject: "CN=So Xay dung(,|$)"')).get('000.00.12.H36')?.signerSubject).toBe('CN=So Xay dung(,|$)');
    expect(parseDepartments(table()).get('000.00.12.H36')?.signerSubject).toBeUndefined();
    expect(() => parseDepartments(table('signerSubject: "CN=(unclosed"'), 'deps.yaml')).toThrow(/deps\.yaml line 5: departments\[0\]\.signerSubject is not a valid regular expression/);
  });

  it('refuses, in production, a department without signerSubject (file, line, field); elsewhere warns', () => {
    const table = [
      'center: { organId: "000.00.01.H36", name: "Trung tâm", address: { line: "x", province: "Lạng Sơn" } }',
      'departments:',
      '  - { agencyCode: "000.00.12.H36", organId: "000.00.12.H36", name: "Sở Xây dựng", abbreviation: "SXD", appraisal: online, approval: online,',
      '      delegatedToPost: false, dms: ioffice, archive: { address: { line: "x", province: "Lạng Sơn" }, maxBatch: 50, cutoff: "16:30" },',
      '      signerSubject: "^CN=So Xay dung(,|$)" }',
      '  - { agencyCode: "000.00.15.H36", organId: "000.00.15.H36", name: "Sở Tư pháp", abbreviation: "STP", appraisal: online, approval: online,',
      '      delegatedToPost: false, dms: ioffice, archive: { address: { line: "x", province: "Lạng Sơn" }, maxBatch: 50, cutoff: "16:30" } }',
    ].join('\n');
    expect(() => parseDepartments(table, 'deps.yaml', { production: true })).toThrow(
      /deps\.yaml line 6: departments\[1\]\.signerSubject is required when NODE_ENV=production/,
    );
    const relaxed = parseDepartments(table, 'deps.yaml', { production: false });
    expect(relaxed.warnings).toEqual([expect.stringMatching(/^deps\.yaml line 6: departments\[1\]\.signerSubject is not set: any certificate/)]);
    // NODE_ENV decides when the caller does not.
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => parseDepartments(table, 'deps.yaml')).toThrow(/signerSubject is required when NODE_ENV=production/);
    } finally {
      if (before === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = before;
    }
    // The shipped table names every department's signer, so it loads in production.
    expect(loadDepartments(join(__dirname, '../../../config/departments.yaml'), { production: true }).warnings).toEqual([]);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseDepartments('center: [\n', 'bad.yaml')).toThrow(/bad\.yaml line \d+/);
  });
});
