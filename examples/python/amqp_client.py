"""A system that speaks only AMQP, in Python with pika: publish a jobmill command, then hear
the outcome by request/reply (reply_to + correlation_id) and by subscription.

    pip install pika
    AMQP_URL=amqp://acme-publisher:secret@127.0.0.1:5672/%2F TENANT=acme UPLOAD_ID=<uuid> \
        python examples/python/amqp_client.py

UPLOAD_ID is an upload of the tenant (POST /v1/uploads over REST). The AMQP user must be mapped
to the tenant (AMQP_TENANT_USERS=acme:acme-publisher) or be a platform user.
"""
import json
import os
import sys
import uuid
from datetime import datetime, timezone
from urllib.parse import unquote, urlparse

import pika

url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
prefix = os.environ.get("TOPOLOGY_PREFIX", "")
tenant = os.environ.get("TENANT", "demo")
upload_id = os.environ.get("UPLOAD_ID")
job_type = os.environ.get("JOB_TYPE", "detection.vad")
timeout_s = float(os.environ.get("TIMEOUT_S", "120"))

if not upload_id:
    sys.exit("Set UPLOAD_ID to an upload of the tenant (POST /v1/uploads).")

user = unquote(urlparse(url).username or "guest")
connection = pika.BlockingConnection(pika.URLParameters(url))
channel = connection.channel()
channel.confirm_delivery()

# Subscription: our own queue, bound by pattern <tenant>.<jobType>.<event>.
events = channel.queue_declare(queue="", exclusive=True).method.queue
channel.queue_bind(events, f"{prefix}jobs.events", routing_key=f"{tenant}.{job_type}.*")
channel.basic_consume(
    events,
    lambda ch, method, props, body: print(f"event  {method.routing_key}  {props.type}"),
    auto_ack=True,
)

# Request/reply: the terminal event comes to reply_to with our correlation_id. jobmill replies
# only to direct reply-to or to a queue named <prefix>tenant.<tenant>.*; anything else is refused.
reply_queue = "amq.rabbitmq.reply-to"
correlation_id = str(uuid.uuid4())
outcome = {}


def on_reply(ch, method, props, body):
    if props.correlation_id == correlation_id:
        outcome.update(json.loads(body))


channel.basic_consume(reply_queue, on_reply, auto_ack=True)

job_id = str(uuid.uuid4())
command = {
    "specversion": "1.0",
    "id": str(uuid.uuid4()),
    "type": f"io.jobmill.{job_type}.requested.v1",
    "source": "urn:example:python-client",
    "time": datetime.now(timezone.utc).isoformat(),
    "subject": job_id,
    "datacontenttype": "application/json",
    "data": {"input": {"uploadId": upload_id}},
    "tenant": tenant,
    "attempt": 1,
    "correlationid": correlation_id,
}
channel.basic_publish(
    exchange=f"{prefix}jobs.commands",
    routing_key=job_type,
    body=json.dumps(command).encode(),
    properties=pika.BasicProperties(
        content_type="application/cloudevents+json",
        delivery_mode=2,
        message_id=command["id"],
        type=command["type"],
        user_id=user,  # RabbitMQ checks it; jobmill maps it to the tenants it may act for
        reply_to=reply_queue,
        correlation_id=correlation_id,
        headers={"ce-tenant": tenant, "ce-subject": job_id},
    ),
    mandatory=True,
)
print(f"sent   job {job_id} (tenant {tenant}), waiting for the reply...")

waited = 0.0
while not outcome and waited < timeout_s:
    connection.process_data_events(time_limit=1)
    waited += 1
if not outcome:
    sys.exit(f"No reply within {timeout_s} s")
print(f"reply  {outcome['type']}")
print(json.dumps(outcome["data"], indent=2))
connection.close()
sys.exit(0 if outcome["type"] == "io.jobmill.job.succeeded.v1" else 1)
