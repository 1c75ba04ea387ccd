import { MAX_CALLBACK_URL_LENGTH } from '@jobmill/contracts';
import { allowedHostsOf, callbackUrlRefusal } from './callback-url.policy';

describe('callbackUrlRefusal', () => {
  const none = allowedHostsOf([]);
  const local = allowedHostsOf(['127.0.0.1', '[::1]', 'Hooks.Internal']);

  it('accepts https to a public host', () => {
    expect(callbackUrlRefusal('https://hooks.example.com/jobmill?x=1', none)).toBeUndefined();
  });

  it.each([
    ['http://hooks.example.com/', 'WEBHOOK_URL_INVALID'],
    ['ftp://hooks.example.com/', 'WEBHOOK_URL_INVALID'],
    ['https://user:pw@hooks.example.com/', 'WEBHOOK_URL_INVALID'],
    ['not a url', 'WEBHOOK_URL_INVALID'],
    [`https://hooks.example.com/${'a'.repeat(MAX_CALLBACK_URL_LENGTH)}`, 'WEBHOOK_URL_INVALID'],
    ['https://127.0.0.1/', 'WEBHOOK_URL_REFUSED'],
    ['https://[::1]:8443/', 'WEBHOOK_URL_REFUSED'],
    ['https://[::ffff:127.0.0.1]/', 'WEBHOOK_URL_REFUSED'],
    ['https://169.254.169.254/latest/meta-data', 'WEBHOOK_URL_REFUSED'],
    ['https://localhost/', 'WEBHOOK_URL_REFUSED'],
    ['https://localhost.:8443/', 'WEBHOOK_URL_REFUSED'],
    ['https://db.internal/', 'WEBHOOK_URL_REFUSED'],
  ])('refuses %s with %s', (url, code) => {
    expect(callbackUrlRefusal(url, none)?.code).toBe(code);
  });

  it('lets allowed hosts use http and private addresses, but never credentials', () => {
    expect(callbackUrlRefusal('http://127.0.0.1:8080/hook', local)).toBeUndefined();
    expect(callbackUrlRefusal('http://[::1]:8080/hook', local)).toBeUndefined();
    expect(callbackUrlRefusal('http://hooks.internal/hook', local)).toBeUndefined();
    expect(callbackUrlRefusal('http://u:p@127.0.0.1/', local)?.code).toBe('WEBHOOK_URL_INVALID');
    expect(callbackUrlRefusal('http://127.0.0.2/', local)?.code).toBe('WEBHOOK_URL_INVALID');
  });
});
