import Ajv from 'ajv';
import { formatRetention, parseRetention, retentionSchema } from './retention.schema';

describe('retention', () => {
  it('parses a whole number with a unit s, m, h or d into milliseconds', () => {
    expect(parseRetention('1s')).toBe(1_000);
    expect(parseRetention('30m')).toBe(1_800_000);
    expect(parseRetention('12h')).toBe(43_200_000);
    expect(parseRetention('7d')).toBe(604_800_000);
  });

  it('refuses anything else, exactly as the schema does', () => {
    const schema = new Ajv().compile(retentionSchema);
    for (const bad of ['', '0d', '1', 'd', '1.5h', '1 h', '1w', 'P7D', '-1h', '1000000d', 7])
      expect([bad, parseRetention(bad), schema(bad)]).toEqual([bad, undefined, false]);
    expect(schema('999999d')).toBe(true);
  });

  it('formats milliseconds in their largest whole unit', () => {
    expect(formatRetention(604_800_000)).toBe('7d');
    expect(formatRetention(5_400_000)).toBe('90m');
    expect(formatRetention(3_600_000)).toBe('1h');
    expect(formatRetention(1_000)).toBe('1s');
  });
});
