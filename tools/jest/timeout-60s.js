// Integration tests talk to a real broker and database on a shared, noisy machine.
jest.setTimeout(60_000);
