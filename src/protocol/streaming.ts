// Which operations stream their request body: those whose input has a streaming blob payload
// member (S3 PutObject and UploadPart, Lambda's InvokeWithResponseStream payload is buffered as AWS
// does for its 6 MB limit, ...). Their body reaches the handler as a stream in that member;
// every other operation's body is read whole.
import type { OperationModel, ServiceModel } from '../models/types.js';

const cache = new WeakMap<OperationModel, string | null>();

/** The input's streaming payload member name, or undefined. */
export function streamingPayloadMember(model: ServiceModel, op: OperationModel): string | undefined {
  let member = cache.get(op);
  if (member === undefined) {
    member = null;
    const shape = op.input ? model.shapes[op.input] : undefined;
    if (shape?.type === 'structure') {
      for (const [name, m] of Object.entries(shape.members)) {
        const target = model.shapes[m.target];
        if (m.httpPayload && target?.type === 'blob' && target.streaming) member = name;
      }
    }
    cache.set(op, member);
  }
  return member ?? undefined;
}
