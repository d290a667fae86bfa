// Keeps the proposal message in the approvals channel in step with the change request, and hands
// the approver the Admin console steps after an approval.
import type { webApi } from '@slack/bolt';
import type { ChangeService, TransitionNotice } from '../changes/change-service.ts';
import type { ChangeRequest } from '../domain/change-request.ts';
import { findRoute } from '../domain/desired-state.ts';
import { consoleStepsMessage } from './blocks/console-steps.ts';
import { proposalMessage } from './blocks/proposal.ts';
import { safeErrorMessage } from './safe-error.ts';

export class ApprovalPublisher {
  /** The routing-rule header the relays require (set by the operations side, which reads them). */
  tenantHeader?: () => Promise<string | undefined>;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly changes: ChangeService,
  ) {}

  async postProposal(request: ChangeRequest): Promise<{ ok: true } | { ok: false; error: string }> {
    try {
      const posted = await this.client.chat.postMessage({
        channel: this.channel,
        ...proposalMessage(request),
      });
      if (posted.channel && posted.ts)
        await this.changes.setApprovalMessage(request.id, posted.channel, posted.ts);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: safeErrorMessage(error) };
    }
  }

  /** The transition hook: update the channel message in place; after approval, send the steps. */
  readonly onTransition = async (notice: TransitionNotice): Promise<void> => {
    if (notice.from === null) return;
    const request = (await this.changes.get(notice.request.id)) ?? notice.request;
    if (request.approvalMessage) {
      await this.client.chat.update({
        channel: request.approvalMessage.channel,
        ts: request.approvalMessage.ts,
        ...proposalMessage(request),
      });
    }
    if (notice.to === 'approved' && request.decidedBy)
      await this.sendConsoleSteps(request, request.decidedBy);
  };

  async sendConsoleSteps(request: ChangeRequest, userId: string): Promise<void> {
    await this.client.chat.postMessage({ channel: userId, ...(await this.consoleSteps(request)) });
  }

  async consoleSteps(request: ChangeRequest) {
    const state = await this.changes.desiredState();
    const name = request.change.kind === 'set-option' ? request.change.name : undefined;
    const tenantHeader =
      request.change.kind === 'use-route' ? await this.tenantHeader?.().catch(() => undefined) : undefined;
    return consoleStepsMessage(request, name ? findRoute(state, name) : undefined, {
      ...(tenantHeader ? { tenantHeader } : {}),
    });
  }
}
