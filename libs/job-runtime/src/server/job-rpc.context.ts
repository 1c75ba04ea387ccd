import { BaseRpcContext } from '@nestjs/microservices';
import type { JobCommand, JobType } from '@jobmill/contracts';

/** The Nest context of a job handler's call (`@Ctx()`, `host.switchToRpc().getContext()`). */
export class JobRpcContext extends BaseRpcContext<[JobType, JobCommand]> {
  /** The job type the command was routed by. */
  getJobType(): JobType {
    return this.args[0];
  }

  /** The command being run. */
  getCommand(): JobCommand {
    return this.args[1];
  }
}
