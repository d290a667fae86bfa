import type { Logger } from '@slack/bolt';
import type { CommandServices } from '../commands/router.ts';

export interface ListenerDeps extends CommandServices {
  logger: Logger;
}
