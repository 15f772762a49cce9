// What one invocation runs: the function, the configuration of the version that runs, and the ARN
// the caller named. (Its own file: invocation, metrics and versions all speak of it.)
import type { ConfigRow } from './rows.js';
import type { LambdaFunction } from './store.js';

export interface InvokeTarget {
  fn: LambdaFunction;
  config: ConfigRow;
  /** The version that runs: $LATEST or a number. */
  version: string;
  /** The ARN as the caller named it (qualified by alias or version when one was given). */
  invokedArn: string;
}
