// A Bolt receiver driven in-process: the console hands it request bodies shaped like Slack's and
// gets back what the app acknowledged with (e.g. a modal's field errors).
import type { App, Receiver } from '@slack/bolt';

export class ConsoleReceiver implements Receiver {
  private app: App | undefined;

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Runs the app's listeners for one request and returns the acknowledgement's body, if any. */
  async dispatch(body: Record<string, unknown>): Promise<unknown> {
    if (!this.app) throw new Error('the console receiver is not attached to an app');
    let acknowledged: unknown;
    await this.app.processEvent({
      body,
      ack: async (response?: unknown) => {
        acknowledged = response;
      },
    });
    return acknowledged;
  }
}
