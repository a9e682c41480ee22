export { startIofficeSimulator, IofficeSimulator, IofficeSimulatorOptions, SimulatorState } from './ioffice.simulator';
export { IofficeFaults, NO_FAULTS, FaultConfigError } from './faults/fault.config';
export { generateTestPki, TestPki, TestPkiOptions } from './pki/test-pki';
export { buildEdocWsdl, EDOC_NAMESPACE, EDOC_OPERATIONS, EDOC_PATH, EdocOperation } from './soap/edoc.wsdl';
export { EdocSummary, StoredEdoc } from './store/edoc.store';
