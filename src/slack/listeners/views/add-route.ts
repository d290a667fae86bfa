// Submission of the "add a route" modal: field errors go back into the form; a valid route is proposed.
import type { App } from '@slack/bolt';
import { checkNewRoute } from '../../../domain/new-route.ts';
import { ADD_ROUTE_CALLBACK, readAddRouteForm } from '../../blocks/add-route-modal.ts';
import { proposeChange } from '../../commands/propose.ts';
import { safeErrorMessage } from '../../safe-error.ts';
import { say } from '../../words.ts';
import type { ListenerDeps } from '../types.ts';

const PERMISSION_WAIT_MS = 2000;

function beforeAckDeadline<T>(check: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, PERMISSION_WAIT_MS, undefined);
  });
  return Promise.race([check, deadline]).finally(() => clearTimeout(timer));
}

export function register(app: App, deps: ListenerDeps): void {
  app.view(ADD_ROUTE_CALLBACK, async ({ ack, view, body, client }) => {
    const form = readAddRouteForm(view);
    const userId = body.user.id;
    // Asked at once, awaited only where needed: Slack wants the ack within 3 s.
    const wordsOf = deps.readers.words(userId);
    const checked = checkNewRoute(await deps.changes.desiredState(), form);
    if (!checked.ok) {
      // Field errors show as plain text under each field, in the reader's language.
      const words = await wordsOf;
      const errors = Object.fromEntries(
        Object.entries(checked.errors).map(([field, problem]) => [field, say(words, problem)]),
      );
      await ack({ response_action: 'errors', errors });
      return;
    }
    // Slack wants the ack within 3 s; a Google admin check can take longer. When it does, the form
    // closes and the change service (which checks again) answers by message instead.
    const permission = await beforeAckDeadline(deps.changes.authorizer.mayPropose(userId));
    if (permission && !permission.allowed) {
      const words = await wordsOf;
      const reason = say(words, permission.reason);
      await ack({
        response_action: 'errors',
        errors: { name: words.t('command.forbiddenPropose', { reason }) },
      });
      return;
    }
    await ack();
    const words = await wordsOf;
    try {
      const { message } = await proposeChange(
        deps,
        words,
        userId,
        { kind: 'add-route', route: checked.route },
        form.reason,
      );
      try {
        if (!form.channel) throw new Error('no channel');
        await client.chat.postEphemeral({ channel: form.channel, user: userId, ...message });
      } catch {
        // Not a member of that channel (or none known): answer in the app's direct messages instead.
        await client.chat.postMessage({ channel: userId, ...message });
      }
    } catch (error) {
      deps.logger.error(`proposing from the add-route form failed: ${safeErrorMessage(error)}`);
      // The form is already closed: without this the person would get no answer at all.
      await client.chat
        .postMessage({ channel: userId, text: words.t('command.failed') })
        .catch(() => undefined);
    }
  });
}
