import {
  tracedProcess,
  tracingEnabled,
  type HandlerOutcome,
  type InboundMessage,
} from '@jobmill/transport';
import type { CommandAdmission } from '../admission/command-admission.policy';

/** What a runner does with one command of a delivery once admission has judged it. */
type AdmittedRun = (message: InboundMessage, admitted: CommandAdmission) => Promise<HandlerOutcome>;

/**
 * Wraps a runner's per-command step so that, with tracing on (checked per command), each admitted
 * command runs inside its job's `process` span, continuing the context its envelope carries: the
 * jobs of a batch message each in their own trace. With tracing off it is one extra call.
 */
export function traceAdmitted(run: AdmittedRun, queue: string): AdmittedRun {
  return (message, admitted) => {
    if (!admitted.ok || !tracingEnabled()) return run(message, admitted);
    return tracedProcess(queue, admitted.command, message, () => run(message, admitted));
  };
}
