// CloudWatch Logs' in-process API, used by services that write logs (Lambda's /aws/lambda/<name>).
//
// CONTRACT: callers code against this interface; the Logs service implements it (index.ts `api`).

export interface LogsApiEvent {
  /** Epoch ms. */
  timestamp: number;
  message: string;
}

export interface LogsApi {
  /** Appends events to the stream, creating the group and the stream when they do not exist (as
   *  Lambda does with its execution role's logs:CreateLogGroup/CreateLogStream). */
  putLogEvents(account: string, region: string, group: string, stream: string, events: LogsApiEvent[]): void;
}
