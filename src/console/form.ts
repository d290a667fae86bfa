// A modal as a prompted form: one question per input block; field errors sent back by the app are
// shown and only those fields are asked again.
import { checkboxesValue, plainInputValue, type ViewStateValues } from './local-slack/payloads.ts';
import type { SlackBlock, SlackView } from './local-slack/types.ts';

interface Option {
  text: { text: string };
  value: string;
}

interface InputBlock {
  block_id: string;
  optional?: boolean;
  label: { text: string };
  hint?: { text: string };
  element: {
    type: string;
    action_id: string;
    initial_value?: string;
    placeholder?: { text: string };
    options?: Option[];
    initial_options?: Option[];
  };
}

export interface FormIo {
  write(text: string): void;
  ask(prompt: string): Promise<string | null>;
}

export class FormCancelled extends Error {}

function inputs(view: SlackView): InputBlock[] {
  return view.blocks.filter((b: SlackBlock) => b.type === 'input') as unknown as InputBlock[];
}

async function askField(
  block: InputBlock,
  io: FormIo,
  previous?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { element } = block;
  const optional = block.optional ? ' (optional)' : '';
  if (block.hint) io.write(`  ${block.hint.text}`);
  if (element.type === 'checkboxes') {
    const options = element.options ?? [];
    const previousValues = (previous?.selected_options as { value: string }[] | undefined)?.map(
      (o) => o.value,
    );
    const initial = new Set(previousValues ?? (element.initial_options ?? []).map((o) => o.value));
    options.forEach((o, i) => {
      io.write(`    ${i + 1}. [${initial.has(o.value) ? 'x' : ' '}] ${o.text.text}`);
    });
    const answer = await io.ask(
      `${block.label.text}: numbers to tick, e.g. 1,3 (Enter keeps [x], "none" for none): `,
    );
    if (answer === null || answer.trim() === 'cancel') throw new FormCancelled();
    const trimmed = answer.trim();
    let chosen: Option[];
    if (trimmed === '') chosen = options.filter((o) => initial.has(o.value));
    else if (trimmed === 'none') chosen = [];
    else {
      chosen = trimmed
        .split(/[\s,]+/)
        .map((n) => options[Number(n) - 1])
        .filter((o): o is Option => o !== undefined);
    }
    return checkboxesValue(chosen.map((o) => ({ value: o.value, text: o.text.text })));
  }
  const fallback = (previous?.value as string | undefined) ?? element.initial_value ?? '';
  const example = element.placeholder ? `, e.g. ${element.placeholder.text}` : '';
  const shown = fallback ? ` [${fallback}]` : '';
  const answer = await io.ask(`${block.label.text}${optional}${example}${shown}: `);
  if (answer === null || answer.trim() === 'cancel') throw new FormCancelled();
  return plainInputValue(answer.trim() === '' ? fallback : answer.trim());
}

/**
 * Fills the form, submits it, and asks again for the fields the app refused.
 * `submit` returns the app's acknowledgement (e.g. { response_action: 'errors', errors }).
 */
export async function fillForm(
  view: SlackView,
  io: FormIo,
  submit: (values: ViewStateValues) => Promise<unknown>,
) {
  const blocks = inputs(view);
  io.write(`== ${view.title?.text ?? 'Form'} == (type "cancel" to close it)`);
  const values: ViewStateValues = {};
  let toAsk = blocks;
  for (let round = 0; round < 10; round++) {
    for (const block of toAsk) {
      values[block.block_id] = {
        [block.element.action_id]: await askField(
          block,
          io,
          values[block.block_id]?.[block.element.action_id],
        ),
      };
    }
    const ack = (await submit(values)) as
      | { response_action?: string; errors?: Record<string, string> }
      | undefined;
    if (ack?.response_action !== 'errors' || !ack.errors) return;
    io.write('The form was not accepted:');
    for (const [field, message] of Object.entries(ack.errors)) {
      const label = blocks.find((b) => b.block_id === field)?.label.text ?? field;
      io.write(`  ${label}: ${message}`);
    }
    toAsk = blocks.filter((b) => ack.errors && b.block_id in ack.errors);
  }
  throw new FormCancelled();
}
