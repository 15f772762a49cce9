// The ceiling for `npm run bench`: a bare node:http server answering every request with one fixed,
// realistically sized 200 response (an STS GetCallerIdentity result). It reads the request body, as
// any real server must, and does nothing else.
import http from 'node:http';

const BODY = Buffer.from(
  `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::000000000000:root</Arn>
    <UserId>000000000000</UserId>
    <Account>000000000000</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`,
  'utf8',
);
const HEADERS = {
  'content-type': 'text/xml',
  'content-length': String(BODY.length),
  'x-amzn-requestid': 'c6104cbe-af31-11e0-8154-cbc7ccf896c7',
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const port = Number(arg('--port', '4566'));
const host = arg('--host', '127.0.0.1');

http
  .createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, HEADERS);
      res.end(BODY);
    });
  })
  .listen(port, host, () => {
    process.stdout.write(`bare ceiling listening on http://${host}:${port}\n`);
  });
