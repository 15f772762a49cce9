// A queue's RedrivePolicy attribute, parsed: where messages go after maxReceiveCount receives.
// (Its own file: the queue engine and the queue's persisted row both use it.)
export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}
