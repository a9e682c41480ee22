import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadDepartments, parseDepartments } from './departments';

describe('department routing table', () => {
  it("loads the shipped table: a province's departments, every combination of modes, real abbreviations", () => {
    const table = loadDepartments(join(__dirname, '../../../config/departments.yaml'));
    expect(table.center.organId).toBe('000.00.01.H36');
    expect(table.all.length).toBeGreaterThanOrEqual(18);
    const combos = new Set(table.all.map((d) => `${d.appraisal}/${d.approval}/${d.delegatedToPost}`));
    expect(combos.size).toBe(8);
    expect(table.get('000.00.12.H36')?.abbreviation).toBe('SXD');
    expect(table.all.map((d) => d.abbreviation)).toEqual(
      expect.arrayContaining(['SKHĐT', 'SLĐTBXH', 'SGDĐT', 'SVHTTDL', 'SNN&PTNT', 'STNMT', 'SYT']),
    );
    // Every appraisal × approval combination has a department whose abbreviation is not plain ASCII letters.
    const vietnamese = table.all.filter((d) => /[^A-Za-z0-9]/.test(d.abbreviation));
    expect(new Set(vietnamese.map((d) => `${d.appraisal}/${d.approval}`)).size).toBe(4);
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
    expect(() => parseDepartments(table('signerSubject: "CN=(unclosed"'), 'deps.yaml')).toThrow(
      /deps\.yaml line 5: departments\[0\]\.signerSubject is not a valid regular expression/,
    );
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
    expect(relaxed.warnings).toEqual([
      expect.stringMatching(/^deps\.yaml line 6: departments\[1\]\.signerSubject is not set: any certificate/),
    ]);
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

  describe('checks what the bus derives from each department, naming the file, the line and the field', () => {
    /** A table with one line per department (line 3 is departments[0], line 4 departments[1], ...). */
    const table = (...departments: Array<Record<string, unknown>>): string =>
      [
        'center: { organId: "000.00.01.H36", name: "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn", address: { line: "Số 2 đường Hùng Vương", province: "Lạng Sơn", phone: "02053812345" } }',
        'departments:',
        ...departments.map((d, i) => {
          const entry = {
            agencyCode: `000.00.${40 + i}.H36`,
            organId: `000.00.${40 + i}.H36`,
            name: `Sở thứ ${i + 1}`,
            abbreviation: `S${i + 1}`,
            appraisal: 'online',
            approval: 'online',
            delegatedToPost: false,
            dms: 'ioffice',
            archive: {
              address: { recipient: `Văn thư Sở thứ ${i + 1}`, phone: '02053870111', line: 'Số 5 đường Lê Lợi', province: 'Lạng Sơn' },
              maxBatch: 50,
              cutoff: '16:30',
            },
            ...d,
          };
          return `  - ${JSON.stringify(entry)}`;
        }),
      ].join('\n');
    const problemsOf = (text: string): string => {
      try {
        parseDepartments(text, 'deps.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('the table was accepted');
    };

    it('accepts real Vietnamese abbreviations: Đ, other marks, "&", "-" and mixed case', () => {
      const abbreviations = ['SKHĐT', 'SLĐTBXH', 'SGDĐT', 'SVHTTDL', 'SNN&PTNT', 'SGD&ĐT', 'SNgV', 'TTr', 'BQLKKT-LS', 'Sở5'];
      const departments = parseDepartments(table(...abbreviations.map((abbreviation) => ({ abbreviation }))), 'deps.yaml').all;
      expect(departments.map((d) => d.abbreviation)).toEqual(abbreviations);
    });

    it.each([
      ['a space', 'S KHĐT'],
      ['a dot', 'S.KHĐT'],
      ['a slash', 'SKH/ĐT'],
      ['a dangling &', 'SNN&'],
      ['only separators', '&&'],
      ['another script', 'SΧD'],
    ])('refuses an abbreviation with %s: it could not end a notation', (_, abbreviation) => {
      expect(problemsOf(table({}, { abbreviation }))).toContain(
        `deps.yaml line 4: departments[1].abbreviation "${abbreviation}" cannot end a notation (QĐ-${abbreviation})`,
      );
    });

    it('refuses an abbreviation longer than 20 characters', () => {
      expect(problemsOf(table({ abbreviation: 'S'.repeat(21) }))).toContain(
        'deps.yaml line 3: departments[0].abbreviation must be 1–20 characters',
      );
    });

    it('refuses two abbreviations that fold to the same batch-id part, whatever the case, naming both lines', () => {
      const message = problemsOf(
        table({ abbreviation: 'SGDĐT' }, {}, { abbreviation: 'SGDDT' }, { abbreviation: 'sgd-đt' }, { abbreviation: 'SGD&ĐT' }),
      );
      expect(message).toContain(
        'deps.yaml line 5: departments[2].abbreviation "SGDDT" (folded: SGDDT) is the same as departments[0].abbreviation "SGDĐT" (deps.yaml line 3): their archive batch ids and file names would collide',
      );
      expect(message).toContain(
        'deps.yaml line 7: departments[4].abbreviation "SGD&ĐT" (folded: SGD-DT) is the same as departments[3].abbreviation "sgd-đt" (deps.yaml line 6)',
      );
    });

    it('refuses duplicate agency codes, organ ids and names, and a department with the Center organ id', () => {
      const message = problemsOf(table({ name: 'Sở Y tế' }, { agencyCode: '000.00.40.H36', organId: '000.00.01.H36', name: 'SỞ Y TẾ' }));
      expect(message).toContain(
        'deps.yaml line 4: departments[1].agencyCode "000.00.40.H36" is the same as departments[0].agencyCode "000.00.40.H36" (deps.yaml line 3)',
      );
      expect(message).toContain(
        'deps.yaml line 4: departments[1].name "SỞ Y TẾ" is the same as departments[0].name "Sở Y tế" (deps.yaml line 3)',
      );
      expect(message).toContain("deps.yaml line 4: departments[1].organId 000.00.01.H36 is the Center's organ id (center.organId)");
    });

    it('refuses codes outside the contract alphabet', () => {
      const message = problemsOf(table({ agencyCode: '000.00.Đ.H36' }, { organId: '000,00,41,H36' }));
      expect(message).toContain('deps.yaml line 3: departments[0].agencyCode must be 1–64 characters of A-Z, a-z, 0-9, "." and "-"');
      expect(message).toContain('deps.yaml line 4: departments[1].organId must be 1–64 characters of A-Z, a-z, 0-9, "." and "-"');
    });

    it('refuses what a postal order or a status message could not carry', () => {
      const message = problemsOf(
        table(
          { name: 'S'.repeat(201) },
          {
            archive: {
              address: { phone: '0205 387 0111', line: 'Số 5', province: 'Lạng Sơn', provinceCode: '020' },
              maxBatch: 50,
              cutoff: '16:30',
            },
          },
          { name: `Sở ${'x'.repeat(190)}`, archive: { address: { line: 'Số 5', province: 'Lạng Sơn' }, maxBatch: 50, cutoff: '16:30' } },
        ),
      );
      expect(message).toContain('deps.yaml line 3: departments[0].name must be text of 1–200 characters');
      expect(message).toContain('deps.yaml line 4: departments[1].archive.address.phone must be a Vietnamese phone number');
      expect(message).toContain('deps.yaml line 4: departments[1].archive.address.provinceCode must be a 2-digit province code');
      expect(message).toContain('deps.yaml line 5: departments[2] has no archive.address.recipient and "Văn thư Sở xxx');
    });

    it('reads a table typed in NFD as the same NFC table', () => {
      const nfc = table(
        { name: 'Sở Kế hoạch và Đầu tư', abbreviation: 'SKHĐT' },
        { name: 'Sở Nông nghiệp và Phát triển nông thôn', abbreviation: 'SNN&PTNT' },
      );
      const departments = parseDepartments(nfc.normalize('NFD'), 'deps.yaml').all;
      expect(departments.map((d) => d.name)).toEqual(['Sở Kế hoạch và Đầu tư', 'Sở Nông nghiệp và Phát triển nông thôn']);
      expect(
        departments.every(
          (d) => d.name === d.name.normalize('NFC') && d.archive.address.recipient === d.archive.address.recipient?.normalize('NFC'),
        ),
      ).toBe(true);
      // NFD and NFC spellings of one name are one name.
      expect(
        problemsOf(
          `${nfc}\n  - ${JSON.stringify({ ...parseDepartments(nfc).all[0], agencyCode: '000.00.49.H36', organId: '000.00.49.H36', abbreviation: 'SKHDT2', name: 'Sở Kế hoạch và Đầu tư'.normalize('NFD') })}`,
        ),
      ).toContain('departments[2].name "Sở Kế hoạch và Đầu tư" is the same as departments[0].name');
    });
  });
});
