// SNS -> SQS fanout: one "orders" topic, three queues, three consumers.
//
//   billing    every order, raw delivery (the queue message body is the order JSON itself)
//   shipping   only orders that need shipping (a filter policy on the "shipping" attribute)
//   analytics  every order inside the standard SNS envelope (MessageId, Timestamp, Signature, ...)
//
// Run it:  npm run build && node dist/examples/fanout/index.js            (starts Nimbus in-process)
//          AWS_ENDPOINT_URL=http://127.0.0.1:4566 node dist/examples/fanout/index.js   (a running Nimbus, or AWS)
import { fileURLToPath } from 'node:url';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
// In your own project: `import { startNimbus } from 'nimbus'`.
import { startNimbus } from '../../src/index.js';

export interface Order {
  id: number;
  item: string;
  shipping: boolean;
}

export interface FanoutResult {
  topicArn: string;
  billing: Order[];
  shipping: Order[];
  /** The SNS envelopes the analytics consumer received. */
  analytics: Array<{ Type: string; MessageId: string; Message: string; Signature?: string }>;
}

export interface FanoutOptions {
  /** An SNS/SQS endpoint; default AWS_ENDPOINT_URL, else an in-process Nimbus. */
  endpoint?: string;
  orders?: number;
  /** Resource name prefix (tests pass a unique one). */
  prefix?: string;
}

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: process.env.AWS_REGION ?? 'us-east-1',
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test' },
});

export async function runFanout(options: FanoutOptions = {}): Promise<FanoutResult> {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const nimbus = endpoint ? undefined : await startNimbus({ port: 0 });
  try {
    const url = endpoint ?? nimbus!.endpoint;
    const sns = new SNSClient(clientConfig(url));
    const sqs = new SQSClient(clientConfig(url));
    const prefix = options.prefix ?? 'fanout';
    const count = options.orders ?? 10;

    // 1. One topic, three queues, three subscriptions.
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `${prefix}-orders` }));
    const queue = async (name: string) => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${name}` }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      return { url: QueueUrl!, arn: Attributes!.QueueArn! };
    };
    const [billing, shipping, analytics] = await Promise.all([queue('billing'), queue('shipping'), queue('analytics')]);
    // (On AWS each queue also needs a policy allowing the topic to send to it.)
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: billing.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: shipping.arn, Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ shipping: ['true'] }) } }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: analytics.arn }));

    // 2. Three consumers long-poll their queues while the orders are published.
    const expected = { billing: count, shipping: Math.ceil(count / 2), analytics: count };
    const consume = async (queueUrl: string, want: number): Promise<Message[]> => {
      const got: Message[] = [];
      while (got.length < want) {
        const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 5 }));
        if (!r.Messages?.length) continue;
        got.push(...r.Messages);
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
      }
      return got;
    };
    const consumers = Promise.all([consume(billing.url, expected.billing), consume(shipping.url, expected.shipping), consume(analytics.url, expected.analytics)]);

    // 3. Publish the orders; every second one needs shipping.
    for (let id = 0; id < count; id++) {
      const order: Order = { id, item: `item-${id}`, shipping: id % 2 === 0 };
      await sns.send(
        new PublishCommand({ TopicArn, Message: JSON.stringify(order), MessageAttributes: { shipping: { DataType: 'String', StringValue: String(order.shipping) } } }),
      );
    }
    const [b, s, a] = await consumers;
    const byId = (x: Order, y: Order) => x.id - y.id;
    return {
      topicArn: TopicArn!,
      billing: b.map((m) => JSON.parse(m.Body!) as Order).sort(byId),
      shipping: s.map((m) => JSON.parse(m.Body!) as Order).sort(byId),
      analytics: a.map((m) => JSON.parse(m.Body!)),
    };
  } finally {
    await nimbus?.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runFanout({ orders: Number(process.env.ORDERS ?? 10) });
  console.log(`topic ${result.topicArn}`);
  console.log(`billing   received ${result.billing.length} orders (raw): ${result.billing.map((o) => o.id).join(', ')}`);
  console.log(`shipping  received ${result.shipping.length} orders (filtered on shipping=true): ${result.shipping.map((o) => o.id).join(', ')}`);
  console.log(`analytics received ${result.analytics.length} SNS envelopes, e.g. ${JSON.stringify(result.analytics[0], null, 2)}`);
}
