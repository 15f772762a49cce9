// SNS's in-process API, used by other services (S3 event notifications, CloudWatch alarms):
// the same rules as Publish, without HTTP.
//
// CONTRACT: S3 codes against this interface; the SNS service implements it (index.ts `api`).
import type { Caller } from '../caller.js';

export interface SnsPublish {
  message: string;
  subject?: string;
}

export interface SnsApi {
  /** Publishes to the topic with this ARN for `caller` (S3: s3.amazonaws.com for the bucket's
   *  ARN). Throws an AwsError (NotFoundException, InvalidParameter, ...) as Publish would. */
  publish(caller: Caller, topicArn: string, message: SnsPublish): Promise<{ messageId: string }>;
  /** True when a topic with this ARN exists. */
  topicExists(topicArn: string): boolean;
}
