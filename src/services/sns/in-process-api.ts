// SNS's in-process API (api.ts): Publish for other services, run through the same handler as the
// HTTP operation, in the topic's own account and region.
import type { Caller } from '../caller.js';
import type { RequestContext } from '../context.js';
import type { Host } from '../host.js';
import type { SnsApi } from './api.js';
import { publish } from './publish.js';
import { parseArn, type SnsState } from './store.js';

export function createSnsApi(state: SnsState, host: Host): SnsApi {
  const contextFor = (caller: Caller, topicArn: string): RequestContext => {
    const arn = parseArn(topicArn);
    return {
      requestId: host.ids.uuid(),
      account: arn?.account ?? caller.account,
      region: arn?.region ?? host.settings.region,
      accessKeyId: '',
      caller,
      service: { id: 'sns' } as RequestContext['service'],
      operation: 'Publish',
      host: 'localhost',
      path: '/',
      headers: {},
      rawQuery: '',
      signal: new AbortController().signal,
      clock: host.clock,
      ids: host.ids,
      nimbus: host,
    };
  };
  return {
    async publish(caller, topicArn, message) {
      const out = await publish({ TopicArn: topicArn, Message: message.message, ...(message.subject && { Subject: message.subject }) }, contextFor(caller, topicArn), state);
      return { messageId: out.MessageId! };
    },
    topicExists(topicArn) {
      const arn = parseArn(topicArn);
      return arn !== undefined && state.regions.for(arn.account, arn.region).topics.has(topicArn);
    },
  };
}
