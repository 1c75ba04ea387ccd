// System tests start real processes and wait for real jobs.
jest.setTimeout(180_000);
