/* global jest */
// Every e2e test runs built processes, and starting one takes seconds on a busy machine: Jest's
// default of 5 s per test fails a test for the machine's load, not for what it checks. A spec that
// needs longer still says so itself.
jest.setTimeout(60_000);
