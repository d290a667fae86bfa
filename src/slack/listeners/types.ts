import type { Logger } from '@slack/bolt';
import type { AnyBlock } from '../blocks/kit.ts';
import type { CommandServices } from '../commands/router.ts';
import type { Words } from '../words.ts';

/** Extra App Home sections (e.g. the relays' health), rendered for the user who opened Home. */
export type HomeSection = (userId: string, words: Words) => Promise<AnyBlock[]>;

export interface ListenerDeps extends CommandServices {
  logger: Logger;
  homeSections: HomeSection[];
}
