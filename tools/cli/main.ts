// `npm run jobs -- submit|status|watch|cancel|keys ...`: the jobmill CLI over the REST API.
import { runJobsCli } from './jobs-cli';

void runJobsCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  isTty: process.stdout.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
