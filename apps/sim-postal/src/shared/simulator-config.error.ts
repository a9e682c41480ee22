/** Start-up configuration the simulator cannot run with; the message names the variable or option. */
export class SimulatorConfigError extends Error {
  readonly code = 'SIM_POSTAL.INVALID_CONFIG';

  constructor(message: string) {
    super(message);
    this.name = 'SimulatorConfigError';
  }
}
