import { Type } from 'class-transformer';
import { IsIn, IsString, IsUUID, registerDecorator, ValidateNested } from 'class-validator';
import { sampleDossierReceived } from '../testing/samples';
import { compileValidator, MAX_PROBLEMS } from './compile-validator';
import { validateMessage, precompileValidators, validatorFor } from './validate-message';

describe('compileValidator', () => {
  const unsupported = expect.objectContaining({ code: 'CONTRACT.UNSUPPORTED_DECORATOR' }) as Error;

  it('refuses a built-in decorator it has no fast equivalent for', () => {
    class WithUuid {
      @IsUUID()
      id!: string;
    }
    expect(() => compileValidator(WithUuid)).toThrow(unsupported);
  });

  it('refuses a custom constraint that is not one of the contract rules', () => {
    class WithForeignRule {
      @IsString()
      name!: string;
    }
    registerDecorator({
      name: 'isShouting',
      target: WithForeignRule,
      propertyName: 'name',
      validator: { validate: (v: unknown) => v === String(v).toUpperCase() },
    });
    expect(() => compileValidator(WithForeignRule)).toThrow(unsupported);
  });

  it('refuses @ValidateNested without @Type, and validation groups', () => {
    class Child {
      @IsString()
      name!: string;
    }
    class WithoutType {
      @ValidateNested()
      child!: Child;
    }
    class WithGroups {
      @IsIn(['a'], { groups: ['admin'] })
      role!: string;
    }
    expect(() => compileValidator(WithoutType)).toThrow(unsupported);
    expect(() => compileValidator(WithGroups)).toThrow(unsupported);
  });

  it('compiles a class nested in itself', () => {
    class Node {
      @IsString()
      name!: string;

      @ValidateNested()
      @Type(() => Node)
      children!: Node[];
    }
    const validate = compileValidator(Node);
    expect(validate({ name: 'a', children: [{ name: 'b', children: [] }] })).toEqual([]);
    expect(validate({ name: 'a', children: [{ children: [{ name: 1, children: [] }] }] }).map((p) => p.field)).toEqual([
      'children.0.name',
      'children.0.children.0.name',
    ]);
  });

  it('stops after MAX_PROBLEMS problems and says so', () => {
    const body = sampleDossierReceived();
    const bad = { name: 1, copyType: 'x', file: null };
    const problems = validateMessage('onestop.dossier.received', { ...body, documents: Array.from({ length: 200 }, () => bad) });
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems[MAX_PROBLEMS]).toEqual({ field: 'body', problem: `has more problems; only the first ${MAX_PROBLEMS} are listed` });
  });

  it('never throws on hostile input', () => {
    const deep: Record<string, unknown> = {};
    let node: unknown[] = [];
    deep.documents = node;
    for (let i = 0; i < 10_000; i++) {
      const inner: unknown[] = [];
      node.push(inner);
      node = inner;
    }
    expect(validateMessage('onestop.dossier.received', deep).some((p) => p.problem === 'is nested too deeply')).toBe(true);
    const fields = validateMessage('onestop.dossier.received', JSON.parse('{"__proto__": {"x": 1}, "constructor": 1}')).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'dossierCode']));
  });

  it('compiles every message type up front, once', () => {
    expect(() => precompileValidators()).not.toThrow();
    expect(validatorFor('onestop.dossier.received')).toBe(validatorFor('onestop.dossier.received'));
  });

  it('refuses an unknown message type with a stable code', () => {
    expect(() => validateMessage('onestop.unknown' as never, {})).toThrow(
      expect.objectContaining({ code: 'CONTRACT.UNKNOWN_MESSAGE_TYPE' }) as Error,
    );
  });
});
