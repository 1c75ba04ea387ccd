// A lean keep-alive HTTP client for the load generator: node:http costs the bench process less
// CPU per request than fetch, which matters when the client shares two cores with the system.
import http from 'node:http';

/** A client of one base URL (http://host:port) with a pool of `maxSockets` connections. */
export function httpClient(base, maxSockets = 256) {
  const url = new URL(base);
  // Idle sockets are dropped before the server's keep-alive timeout (5 s) would close them.
  const agent = new http.Agent({ keepAlive: true, maxSockets, timeout: 4_000 });

  function request(method, path, headers, body, retried = false) {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method, path, headers, agent },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, json, text });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error) => {
        // A kept-alive socket the server closed as we reused it: the request never reached the
        // server, so sending it again is safe (the pattern Node's http docs give).
        if (req.reusedSocket && error.code === 'ECONNRESET' && !retried)
          request(method, path, headers, body, true).then(resolve, reject);
        else reject(error);
      });
      req.end(body);
    });
  }

  return {
    /** POST a JSON value or a Buffer (with its content type); throws unless 2xx. */
    async post(path, key, body, contentType = 'application/json') {
      const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
      const res = await request(
        'POST',
        path,
        {
          Authorization: `Bearer ${key}`,
          'Content-Type': contentType,
          'Content-Length': payload.length,
        },
        payload,
      );
      if (res.status < 200 || res.status >= 300)
        throw new Error(`POST ${path}: ${res.status} ${res.text.slice(0, 300)}`);
      return res.json;
    },
    /** GET a JSON resource; returns { status, json }. */
    get: (path, key) =>
      request('GET', path, key ? { Authorization: `Bearer ${key}` } : {}, undefined),
    close: () => agent.destroy(),
  };
}
