// Jest's own runner, made serial: its project's test files run one at a time in Jest's process,
// whatever maxWorkers says. Jest runs one runner's files after another's, so the projects on the
// default runner still run maxWorkers files at a time, before or after these.
const TestRunner = require('jest-runner').default;

module.exports = class SerialRunner extends TestRunner {
  isSerial = true;
};
