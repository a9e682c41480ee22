import { forLog } from './errors.filter';

describe('forLog (an unexpected error in the console log)', () => {
  it('escapes the message, which may quote what a user sent, and keeps the stack frames', () => {
    const error = new Error('no user "x"\nERROR [Auth] admin logged in from 10.0.0.1');
    const logged = forLog(error);
    const [first, ...frames] = logged.split('\n');
    expect(first).toBe('Error: "no user \\"x\\"\\nERROR [Auth] admin logged in from 10.0.0.1"');
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((line) => line.startsWith('    at '))).toBe(true);
  });

  it('logs a thrown value that is not an Error as one escaped value', () => {
    expect(forLog('a\nb')).toBe('"a\\nb"');
  });
});
