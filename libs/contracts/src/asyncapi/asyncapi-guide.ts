import { COMMAND_VERSIONS, JOB_TYPES, commandTypeOf } from '../commands/job-types';
import { CLOUDEVENTS_BATCH_CONTENT_TYPE, CLOUDEVENTS_CONTENT_TYPE } from '../envelope/cloud-event';
import { MAX_BATCH_ENVELOPES } from '../envelope/cloud-event-batch';
import { DIRECT_REPLY_TO, tenantQueuePrefix } from '../replies/reply-addresses';
import type { TopologyNames } from '../topology/topology-names';

/** Why a command is refused, by the stable code in x-jobmill-code and in `job.rejected`. */
export const COMMAND_REJECTION_CODES: Readonly<Record<string, string>> = {
  MESSAGE_TOO_LARGE: 'The body is larger than MAX_COMMAND_BYTES (default 1 MiB).',
  UNSUPPORTED_CONTENT_TYPE: `content_type is set and is neither ${CLOUDEVENTS_CONTENT_TYPE} nor ${CLOUDEVENTS_BATCH_CONTENT_TYPE}.`,
  INVALID_JSON: 'The body is not JSON.',
  MISSING_USER_ID: 'The message has no user_id property.',
  TENANT_FORBIDDEN: 'The AMQP user (user_id) may not act for the tenant the command names.',
  REPLY_TO_FORBIDDEN: `reply_to is neither ${DIRECT_REPLY_TO} nor a queue of the tenant's prefix; nothing is sent there.`,
  INVALID_ENVELOPE: 'A CloudEvents attribute is missing or malformed (e.g. no `id`).',
  UNKNOWN_TYPE: 'The `type` names no job type of the platform.',
  UNSUPPORTED_VERSION: 'The job type exists, but not in this version.',
  INVALID_DATA: '`data` breaks the job type’s schema; the reason names each field.',
  ROUTING_KEY_MISMATCH:
    'The routing key is not the command’s job type, or its lane (no worker would get it).',
  PRIORITY_MISMATCH:
    'The routing key is the lane of another priority than `data.priority` (e.g. `detection.vad.high` for a normal command).',
  UPLOAD_NOT_FOUND: '`input.uploadId` is no upload of the command’s tenant (as REST answers 422).',
  JOB_ID_TAKEN: 'The job id (`subject`) is another tenant’s job.',
  JOB_ID_IN_USE:
    'The job id (`subject`) names a job still in flight under another command (a new `id`, not a redelivery); that job runs on undisturbed.',
};

const versions = (): string =>
  JOB_TYPES.map(
    (t) => `- \`${t}\`: ${COMMAND_VERSIONS[t].map((v) => `\`${commandTypeOf(t, v)}\``).join(', ')}`,
  ).join('\n');

/** The document's introduction: how another system publishes, hears back and evolves. */
export function interfaceGuide(names: TopologyNames): string {
  const codes = Object.entries(COMMAND_REJECTION_CODES)
    .map(([code, meaning]) => `| \`${code}\` | ${meaning} |`)
    .join('\n');
  // The queues a tenant owns, under this deployment's prefix (the commands exchange's).
  const ownQueues = `${tenantQueuePrefix(names.commands.slice(0, -'jobs.commands'.length), '<tenant>')}*`;
  return `Run jobs by publishing commands straight onto RabbitMQ, and hear their outcome by subscription or request/reply.

## Publish a command
Publish a CloudEvents 1.0 event in structured JSON mode on the topic exchange \`${names.commands}\` with routing key = the job type (e.g. \`detection.vad\`), persistent, ideally with publisher confirms and \`mandatory\`. Set the AMQP properties \`content_type: ${CLOUDEVENTS_CONTENT_TYPE}\`, \`message_id\` (= \`id\`), \`user_id\` (= your AMQP user name) and, for a reply, \`reply_to\` and \`correlation_id\`. The \`ce-*\` headers mirror the envelope for tools; the body is the source of truth. The platform's own commands leave out \`ce-specversion\` and \`ce-source\` (the body carries the spec version, \`app_id\` the source); its events carry every mirror. Upload the audio first over REST (\`POST /v1/uploads\`): commands carry its \`uploadId\`.

Many commands of one job type can travel in one message (CloudEvents batch mode): \`content_type: ${CLOUDEVENTS_BATCH_CONTENT_TYPE}\`, the body a JSON array of up to ${MAX_BATCH_ENVELOPES} envelopes, the routing key their job type. Each member is admitted on its own, with its own \`tenant\` against the message's \`user_id\`: a bad member is dead-lettered alone (its own copy, as if published alone) and the others run. The platform sends jobs submitted together this way.

**Priorities.** \`data.priority\` is \`high\`, \`normal\` (the default, also when absent) or \`low\`: waiting jobs start high first, then normal, then low. A command other than normal goes to its priority's lane: routing key \`<jobType>.high\` or \`<jobType>.low\` (e.g. \`detection.vad.high\`); normal commands keep the job type as routing key. Every lane is a quorum queue of its own (\`${names.detectionQueue}\`, \`${names.detectionQueue}.high\`, \`${names.detectionQueue}.low\`), and workers take a free slot for the longest-waiting high job first. A routing key that is another priority's lane is refused (\`PRIORITY_MISMATCH\`). A batch message holds commands of one routing key, so of one priority.

**Backlog lanes (fair sharing).** Normal and low have a backlog lane each: routing key \`<jobType>.backlog\` or \`<jobType>.low.backlog\`, queue \`${names.detectionQueue}.backlog\` or \`${names.detectionQueue}.low.backlog\`. A worker takes a backlog lane's job only when no job of the same priority waits in the priority's own lane. The API sends a tenant's jobs there once it has its fair share in the broker (\`FAIR_SHARE\`, by default the workers' slots), so one tenant's large backlog never holds up another tenant's jobs. Commands you publish go where their routing key says: to send bulk work without holding up your own later jobs, publish it on the backlog lane.

The job appears in the read model as QUEUED, runs, and is visible over REST (\`GET /v1/jobs/{subject}\`) to the tenant's API keys as soon as the status service has its copy of the command: QUEUED (or later), or FAILED with the code of its rejection.

**The job id is yours, and it is the dedup key.** The publisher chooses the job id (\`subject\`, a UUID; \`id\` is the message's own id). A job runs at most once per job id: a command reusing the id of a finished job does not run again, and its \`reply_to\` gets that job's terminal event (the very event, same \`id\`); a redelivered or republished command (the same \`id\`) is deduplicated silently. A new command (another \`id\`) reusing the id of a job that is still queued at a worker, running or between attempts is refused (\`JOB_ID_IN_USE\`): dead-lettered, answered with \`job.rejected\`, and the job in flight is left as it is. Use a fresh UUID for every new job. A job id that belongs to another tenant is refused (\`JOB_ID_TAKEN\`).

**Retention.** A finished job, its history and its output are deleted after the platform's \`JOB_RETENTION\` (7 days unless configured). \`data.retention\` (e.g. \`"1h"\`, \`"30m"\`, \`"2d"\`; units s, m, h, d) may shorten that for one job; a longer one is cut to \`JOB_RETENTION\` (over REST it is refused with 400 \`RETENTION_TOO_LONG\`). After that the job id is unknown to the read model (\`GET /v1/jobs/{subject}\` is a 404).

## Tenants and authorization
A command acts for the \`tenant\` it names only if its \`user_id\` may: RabbitMQ refuses a \`user_id\` other than the connection's user, and the platform maps AMQP users to tenants (\`AMQP_TENANT_USERS=acme:acme-publisher,...\`; platform users in \`AMQP_TRUSTED_USERS\` and the services' own user act for any tenant). A command without \`user_id\`, or for another tenant, is dead-lettered and never becomes a job.

The broker enforces the rest with one AMQP user per tenant (deploy/rabbitmq: definitions with permissions and topic permissions): a tenant's user publishes on \`${names.commands}\` with a known job type as routing key, binds \`${names.events}\` only with keys that start with its tenant (\`acme.#\`), and declares and reads only queues named \`${ownQueues}\` (plus direct reply-to). Anything else closes the channel with \`ACCESS_REFUSED\`.

## Outcomes
- Subscription: bind your own queue to the topic exchange \`${names.events}\` with a pattern over \`<tenant>.<jobType>.<event>\`: \`acme.#\` (one tenant), \`*.detection.vad.*\` (one job type), \`#.succeeded\` or \`#.failed\` (one outcome). Events carry the job id in \`subject\` and the command's id in \`causationid\`. Events that happen together under one routing key (e.g. many jobs of one tenant and type succeeding at once) arrive as one message in CloudEvents batch mode: \`content_type: ${CLOUDEVENTS_BATCH_CONTENT_TYPE}\` and a JSON array of events; read the content type and handle both.
- Webhook: a command whose \`data.callbackUrl\` is set gets the job POSTed there (the JSON of \`GET /v1/jobs/{subject}\`) on each terminal state, signed with the tenant's webhook secret (\`Jobmill-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>\`), retried with backoff for up to 24 h. The URL rules REST applies at submission (https, no credentials, no private, loopback or link-local target unless the deployment allows it; a tenant secret) are applied at delivery to commands: a refused delivery is recorded in the job's history (\`webhook.failed\`, final) and never sent.
- Request/reply: a command with \`reply_to\` gets its terminal event (\`job.succeeded\`, \`job.failed\`, \`job.cancelled\`, or \`job.rejected\`) published on the default exchange with routing key = \`reply_to\` and the command's \`correlation_id\`, also after retries. \`reply_to\` must be a place only the requester reads: \`${DIRECT_REPLY_TO}\` (RabbitMQ's direct reply-to: consume it, no-ack, on the channel you publish from) or a queue of the command's tenant, named \`${ownQueues}\`. Any other \`reply_to\` refuses the command (\`REPLY_TO_FORBIDDEN\`, dead-lettered; nothing is sent to that address).

## Trace context
A command may carry W3C trace context (the CloudEvents distributed-tracing extension): \`traceparent\` and, beside it, \`tracestate\` (the tracing vendors' entries, up to 512 characters) in the envelope, or as the AMQP headers of the same names when the envelope has none. The job's spans continue that trace, and every event about the job carries it on (with tracing on, naming the span that caused the event; the \`tracestate\` entries travel unchanged). A malformed \`traceparent\` or \`tracestate\` in the envelope refuses the command (INVALID_ENVELOPE), as does a \`tracestate\` without a \`traceparent\`; in the headers they are ignored.

## Delayed and scheduled jobs
A command runs as soon as a worker takes it: AMQP has no delay here (a per-message TTL only expires at a queue's head, and the platform uses no delayed-message plugin). A job that should run later (\`runAt\` or \`delayMs\` on \`POST /v1/jobs\`) or again and again (\`POST /v1/schedules\` with a cron expression) is submitted over REST: it waits PENDING in the read model, and when it is due the API publishes its command on \`${names.commands}\` like any other (CloudEvents \`source\` \`/jobmill/api/dispatch\`), so subscribers see its command copy and its events as usual. Each run of a schedule is an ordinary job whose read-model row carries \`scheduleId\`. A delayed job cancelled while PENDING gets \`job.cancelled\` and never \`job.started\`.

## Pipelines
A pipeline (\`then\` on \`POST /v1/jobs\`, REST only) has no message of its own: each of its steps is an ordinary job whose command is published on \`${names.commands}\` when the step before it has SUCCEEDED (by the API, CloudEvents \`source\` \`/jobmill/api/dispatch\`, its input completed with that step's output), and whose events subscribers see as usual, with the step's job id as \`subject\`. The parent job (type \`pipeline\`, with \`steps\`) lives in the read model only: its states, history and live events are on REST (\`GET /v1/jobs/{id}\`, \`/events\`, SSE) and its terminal state goes to its webhook; a subscriber that needs the pipeline follows its last step's job id (listed in \`steps\`).

## Rejections: one outcome for every kind
A command that will not run is never dropped silently. Whatever the reason (every code below), the outcome is the same:
1. its message is dead-lettered to \`${names.deadLetterQueue}\` with \`x-jobmill-code\` and \`x-jobmill-reason\` (one copy per service that refused it);
2. if it names its job (\`subject\` in the body, or the \`ce-subject\` and \`ce-tenant\` headers when the body cannot be read) for a tenant its \`user_id\` may act for, the job is FAILED with \`error.code\` = the code, over REST and as one \`job.failed\` event (error \`kind: poison\`);
3. if it has a \`reply_to\` the tenant may read, the caller gets \`job.rejected\` with the same code and its \`correlation_id\` — also when no worker binds the routing key (the status service answers those).

A command for a tenant its user may not act for (\`TENANT_FORBIDDEN\`, \`MISSING_USER_ID\`) or under another tenant's job id never becomes a job, and one reusing the id of a job in flight (\`JOB_ID_IN_USE\`) leaves that job as it is: only 1 and 3 apply. A refused \`reply_to\` (\`REPLY_TO_FORBIDDEN\`) gets no reply: only 1 and 2 apply. Consumers keep serving.

| code | meaning |
| --- | --- |
${codes}

## Limits: commands turned away for load
The platform may bound each job type's backlog (\`QUEUE_LIMITS\`) and each tenant's jobs per minute and unfinished jobs (\`TENANT_LIMITS\`), as it does for REST submissions (answered 503 or 429 there). The status service judges each command you publish against them when its copy arrives, before any worker runs it: as many as fit are accepted, in the order they arrived. A command past a limit is not an error in the command, so it is not dead-lettered; instead:
1. the job is FAILED with \`error.code\` \`QUEUE_FULL\`, \`TENANT_RATE_LIMIT\` or \`TENANT_IN_FLIGHT_LIMIT\`, \`kind: transient\`, \`retryable: true\`, and a message naming the limit and how long to wait; one \`job.failed\` event says so at once;
2. its \`reply_to\` gets \`job.rejected\` with that code, once;
3. it never runs: its message may still wait in a worker queue, and the worker that reaches it acks it without running anything (republishing the same \`job.failed\`, same event \`id\`).

Publish it again under a new job id (\`subject\`) once the wait has passed.

## Versions
A command type carries its version: \`io.jobmill.<jobType>.requested.v<N>\`. Workers accept these:
${versions()}

A new version is introduced without breaking old publishers: add it to \`COMMAND_VERSIONS\` next to the old ones (with its own schema when the data changes), deploy workers and the status service first, and only then publishers of the new version. Old versions stay accepted until no publisher uses them; a version a worker does not know is rejected with \`UNSUPPORTED_VERSION\` and a reply naming it, never run half-understood. Events are versioned the same way (\`io.jobmill.job.<event>.v1\`): fields are only added within a version.`;
}
