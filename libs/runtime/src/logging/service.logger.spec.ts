import { ConsoleLogger, Logger, type LogLevel } from '@nestjs/common';
import { ConfigError } from '@lienthong/config';
import { ServiceLogger, colorsWanted, logFormat, logLevels } from './service.logger';

const ANSI = /\x1b\[/;

function capture(
  format: 'json' | 'pretty',
  options: { colors?: boolean; levels?: LogLevel[] } = {},
): { logger: ServiceLogger; lines: string[]; records: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const logger = new ServiceLogger({
    service: 'orchestrator',
    format,
    levels: options.levels ?? logLevels('verbose'),
    colors: options.colors,
    write: (line) => lines.push(line),
  });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('ServiceLogger', () => {
  afterEach(() => Logger.overrideLogger(new ConsoleLogger()));

  it('writes one JSON object per line with service, level, context and message, for Nest loggers with a context', () => {
    const { logger, lines, records } = capture('json');
    Logger.overrideLogger(logger);
    new Logger('BusServer').log('consuming lienthong.orchestrator');
    new Logger('HeldEvents').warn('giữ lại sự kiện của hồ sơ\nvì chưa đến lượt');
    const error = new Error('boom');
    new Logger('Lifecycle').error('lifecycle clock failed', error.stack);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toMatch(ANSI);
      expect(line).not.toContain('\n');
    }
    const [log, warn, failed] = records();
    expect(log).toMatchObject({
      service: 'orchestrator',
      level: 'info',
      context: 'BusServer',
      message: 'consuming lienthong.orchestrator',
      pid: process.pid,
    });
    expect(Date.parse(log.time as string)).not.toBeNaN();
    expect(warn).toMatchObject({ level: 'warn', context: 'HeldEvents', message: 'giữ lại sự kiện của hồ sơ\nvì chưa đến lượt' });
    expect(failed).toMatchObject({ level: 'error', context: 'Lifecycle', message: 'lifecycle clock failed' });
    expect(failed.stack).toContain('at ');
  });

  it('takes the error code, message id, dossier code and traceparent from the message when the call site gave no fields', () => {
    const { logger, records } = capture('json');
    logger.warn(
      'retry 2 of onestop.dossier.received 0b4f6c1e-5d0a-4c8e-9a57-3f0e2b1c9d11 for 000.00.12.H36-260415-0001 in 5000 ms: IOFFICE.WRONG_SENDER: the package names another organ (traceparent 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01)',
      'BusServer',
    );
    expect(records()[0]).toMatchObject({
      context: 'BusServer',
      code: 'IOFFICE.WRONG_SENDER',
      messageId: '0b4f6c1e-5d0a-4c8e-9a57-3f0e2b1c9d11',
      dossierCode: '000.00.12.H36-260415-0001',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
  });

  it('prefers the fields a call site gives in a plain object, Vietnamese text included, and keeps other fields', () => {
    const { logger, records } = capture('json');
    const dossierCode = 'HS-ĐĂK-LĂK-2026-0001'.normalize('NFD');
    logger.log('hồ sơ đã nhận 000.00.12.H36-260415-0001', { dossierCode, batchId: 'LT-Đ-1', code: 'DMS.SIGNATURE_NOT_VERIFIED' }, 'Intake');
    const [record] = records();
    expect(record).toMatchObject({
      context: 'Intake',
      message: 'hồ sơ đã nhận 000.00.12.H36-260415-0001',
      dossierCode,
      batchId: 'LT-Đ-1',
      code: 'DMS.SIGNATURE_NOT_VERIFIED',
    });
    expect(Buffer.from(JSON.stringify(record)).toString('utf8')).toContain(dossierCode);
  });

  it('takes the code and stack of an Error given to it', () => {
    const { logger, records } = capture('json');
    const error = Object.assign(new Error('department 000.00.99.H36 is not in the table'), { code: 'CONFIG.INVALID' });
    logger.fatal('cannot start', error);
    expect(records()[0]).toMatchObject({
      level: 'fatal',
      code: 'CONFIG.INVALID',
      message: 'cannot start department 000.00.99.H36 is not in the table',
    });
    expect(records()[0].stack).toContain('at ');
  });

  it('redacts passwords in URLs, Authorization headers, bearer tokens, secret pairs, secret fields and private keys', () => {
    const { logger, lines } = capture('json');
    logger.error('connection error amqp://lienthong-orchestrator:Zx9-pa55@10.0.0.5:5672/lienthong, http://admin:adm1n@127.0.0.1:15672/api');
    logger.warn('forwarding with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig and authorization=Basic dXNlcjpwYXNz');
    logger.warn('token refresh failed: Bearer abc.def-ghi');
    logger.warn(
      'bad settings IOFFICE_SECRET=s3cr3t-value {"clientSecret": "other-s3cret", "password":"hunter22"} ?access_token=tok123&x=1',
    );
    logger.warn('no CONSOLE_SESSION_SECRET: a random one is used');
    logger.log('config', {
      clientSecret: 'sec-1',
      nested: { password: 'pw-2', url: 'postgres://lienthong:pg-pass@db:5432/lienthong' },
      headers: { Authorization: 'Basic abc' },
    });
    logger.error('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----');
    const all = lines.join('\n');
    for (const secret of [
      'Zx9-pa55',
      'adm1n',
      'eyJhbGciOiJIUzI1NiJ9',
      'dXNlcjpwYXNz',
      'abc.def-ghi',
      's3cr3t-value',
      'other-s3cret',
      'hunter22',
      'tok123',
      'sec-1',
      'pw-2',
      'pg-pass',
      'Basic abc',
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    ]) {
      expect([secret, all.includes(secret)]).toEqual([secret, false]);
    }
    expect(all).toContain('amqp://lienthong-orchestrator:***@10.0.0.5:5672/lienthong');
    expect(all).toContain('IOFFICE_SECRET=***');
    expect(all).toContain('no CONSOLE_SESSION_SECRET: a random one is used'); // a variable named, not a value
    expect(all).toContain('postgres://lienthong:***@db:5432/lienthong');
  });

  it('prints only the levels asked for', () => {
    const { logger, records } = capture('json', { levels: logLevels('warn') });
    logger.debug('noise');
    logger.log('still noise');
    logger.warn('worth a line');
    expect(records().map((r) => r.message)).toEqual(['worth a line']);
    expect(logger.isLevelEnabled('error')).toBe(true);
    expect(logger.isLevelEnabled('log')).toBe(false);
  });

  it('pretty: one readable line tagged with the service, colour codes only when asked', () => {
    const plain = capture('pretty', { colors: false });
    plain.logger.warn('circuit open', { code: 'IOFFICE.BUSY' }, 'IofficeSoapAdapter');
    expect(plain.lines[0]).toMatch(
      /^\[orchestrator\] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} WARN {2}IofficeSoapAdapter: circuit open \(code=IOFFICE\.BUSY\)$/,
    );
    expect(plain.lines[0]).not.toMatch(ANSI);
    const colored = capture('pretty', { colors: true });
    colored.logger.warn('circuit open');
    expect(colored.lines[0]).toMatch(ANSI);
  });
});

describe('LOG_FORMAT', () => {
  it('defaults to pretty on a terminal and json otherwise', () => {
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({}, false)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({ LOG_FORMAT: ' pretty ' }, false)).toBe('pretty');
    expect(logFormat({ LOG_FORMAT: '' }, false)).toBe('json');
  });

  it('refuses anything else, naming the variable (its definition in the schema: the same words at start-up)', () => {
    for (const text of ['text', 'JSON']) {
      expect(() => logFormat({ LOG_FORMAT: text }, false)).toThrow(ConfigError);
      expect(() => logFormat({ LOG_FORMAT: text }, false)).toThrow(`LOG_FORMAT must be "json" or "pretty", got "${text}"`);
    }
  });

  it('at start-up, a wrong LOG_FORMAT or LOG_LEVEL leaves the logger working (start-up then names it through that logger)', () => {
    expect(ServiceLogger.forStartup('orchestrator', { LOG_FORMAT: 'text', LOG_LEVEL: 'info' }).format).toBe(
      process.stdout.isTTY ? 'pretty' : 'json',
    );
    expect(ServiceLogger.forStartup('orchestrator', { LOG_FORMAT: 'pretty' }).format).toBe('pretty');
    expect(() => ServiceLogger.fromEnv('orchestrator', { LOG_LEVEL: 'info' })).toThrow(
      'LOG_LEVEL must be one of "error", "warn", "log", "debug" or "verbose", got "info"',
    );
  });

  it('colours: never with NO_COLOR, with FORCE_COLOR from a launcher on a terminal, else only on a terminal', () => {
    expect(colorsWanted({}, true)).toBe(true);
    expect(colorsWanted({}, false)).toBe(false);
    expect(colorsWanted({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorsWanted({ FORCE_COLOR: '0' }, true)).toBe(true);
    expect(colorsWanted({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });
});
