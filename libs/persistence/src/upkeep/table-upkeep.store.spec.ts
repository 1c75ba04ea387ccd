import { isDueForVacuum, type VacuumThresholds } from './table-upkeep.store';

// PostgreSQL's defaults: 50 + 20 % of the live rows dead, or 1,000 + 20 % inserted.
const defaults: VacuumThresholds = {
  autovacuum: false,
  deadBase: 50,
  deadScale: 0.2,
  insertBase: 1_000,
  insertScale: 0.2,
};
const table = (liveRows: number, deadRows: number, insertedSinceVacuum = 0) => ({
  table: 'jobs',
  liveRows,
  deadRows,
  insertedSinceVacuum,
});

describe('isDueForVacuum', () => {
  it('is due past the dead-row threshold, scaled by the live rows', () => {
    expect(isDueForVacuum(table(1_000, 250), defaults)).toBe(false);
    expect(isDueForVacuum(table(1_000, 251), defaults)).toBe(true);
    expect(isDueForVacuum(table(100_000, 20_000), defaults)).toBe(false);
    expect(isDueForVacuum(table(100_000, 20_051), defaults)).toBe(true);
  });

  it('is due past the insert threshold, for tables that only grow (history)', () => {
    expect(isDueForVacuum(table(10_000, 0, 3_000), defaults)).toBe(false);
    expect(isDueForVacuum(table(10_000, 0, 3_001), defaults)).toBe(true);
  });

  it("follows the server's own thresholds", () => {
    expect(isDueForVacuum(table(1_000, 101), { ...defaults, deadScale: 0.05 })).toBe(true);
  });
});
