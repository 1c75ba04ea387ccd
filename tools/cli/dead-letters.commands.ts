import { type Command, InvalidArgumentError } from 'commander';
import type { JobsApiClient } from './jobs-api.client';

const listLimit = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new InvalidArgumentError('must be an integer from 1 to 1000');
  return n;
};

interface SelectionOptions {
  readonly messageId?: string;
  readonly type?: string;
  readonly code?: string;
  readonly all?: boolean;
}

const selectionOf = (o: SelectionOptions): Record<string, unknown> => ({
  ...(o.messageId ? { messageId: o.messageId } : {}),
  ...(o.type ? { jobType: o.type } : {}),
  ...(o.code ? { code: o.code } : {}),
});

/**
 * `jobs dead-letters list|requeue|discard`: the admin dead-letter endpoints. A discard needs a
 * selector or --all, as the endpoint does, so that nothing goes by a slip.
 */
export function addDeadLetterCommands(
  program: Command,
  api: () => JobsApiClient,
  print: (value: unknown) => void,
): void {
  const letters = program
    .command('dead-letters')
    .description('Dead-lettered messages: list, requeue, discard (admin key)');
  letters
    .command('list')
    .description('Dead letters, oldest first, with why and from where; nothing is removed')
    .option('--limit <n>', 'how many (1-1000, default 100)', listLimit, 100)
    .action(async (o: { limit: number }) => print((await api().deadLetters(o.limit)).items));
  letters
    .command('requeue')
    .description(
      'Requeue dead letters (all without a selector); what the workers would refuse stays, with why',
    )
    .option('--message-id <id>', 'one message')
    .option('--type <type>', "one job type's commands")
    .action(async (o: SelectionOptions) => print(await api().requeueDeadLetters(selectionOf(o))));
  letters
    .command('discard')
    .description('Remove dead letters for good: give a selector (all must match), or --all')
    .option('--message-id <id>', 'one message')
    .option('--type <type>', "one job type's commands")
    .option('--code <code>', 'the letters dead-lettered for this reason code')
    .option('--all', 'every dead letter')
    .action(async (o: SelectionOptions) => {
      const selection = selectionOf(o);
      if (Object.keys(selection).length === 0 && o.all !== true)
        throw new Error('say which letters: --message-id, --type or --code, or --all');
      // --all with a selector goes as both: the API refuses the ambiguity, nothing is removed.
      print(
        await api().discardDeadLetters({ ...selection, ...(o.all === true ? { all: true } : {}) }),
      );
    });
}
