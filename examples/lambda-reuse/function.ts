// The function's code (deployed as index.mjs in its zip): the seed pattern. Everything outside the
// handler runs once per execution environment (init): an SQS client and a "database connection"
// (a TCP connection to the example's tiny counter server). Every invocation reuses both.
export const FUNCTION_SOURCE = `
import net from 'node:net';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

// Init: once per environment.
const sqs = new SQSClient({});            // region, credentials and endpoint from the environment
const db = net.connect(Number(process.env.DB_PORT), '127.0.0.1');
db.setEncoding('utf8');
const connected = new Promise((resolve, reject) => { db.once('connect', resolve); db.once('error', reject); });
let pending = [];
let buffered = '';
db.on('data', (chunk) => {
  buffered += chunk;
  let nl;
  while ((nl = buffered.indexOf('\\n')) >= 0) { pending.shift()(buffered.slice(0, nl)); buffered = buffered.slice(nl + 1); }
});
function query(line) {
  return new Promise((resolve) => { pending.push(resolve); db.write(line + '\\n'); });
}
let invocations = 0;

export const handler = async (event) => {
  invocations++;
  await connected;
  const [connection, total] = (await query('INCR')).split(' ').map(Number);
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ order: event.order, total }) }));
  return { invocations, connection, total };
};
`;
