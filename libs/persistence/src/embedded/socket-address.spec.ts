import { connectionUrl, listenAddressFor } from './socket-address';

describe('listenAddressFor', () => {
  it('puts a Unix socket in the data directory when its path fits', () => {
    const address = listenAddressFor('/var/lib/jobmill/postgres', 'linux');
    expect(address).toEqual({ path: '/var/lib/jobmill/postgres/.s.PGSQL.5432' });
    expect(connectionUrl(address, 0)).toBe(
      'postgres://postgres@%2Fvar%2Flib%2Fjobmill%2Fpostgres:5432/postgres?sslmode=disable',
    );
  });

  it('falls back to a loopback port when the path is too long, or on Windows', () => {
    const long = `/data/${'d'.repeat(90)}`;
    expect(listenAddressFor(long, 'linux')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(listenAddressFor('C:\\data', 'win32')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(connectionUrl({ host: '127.0.0.1', port: 0 }, 40123)).toBe(
      'postgres://postgres@127.0.0.1:40123/postgres?sslmode=disable',
    );
  });
});
