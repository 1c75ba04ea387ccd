#!/usr/bin/env bash
# Starts the local PostgreSQL and RabbitMQ if they are not running, and waits until both answer.
set -u
wait_for() { # name, command
  for _ in $(seq 1 60); do eval "$2" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "$1 is not answering"; return 1
}
if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
wait_for PostgreSQL "pg_isready -h 127.0.0.1 -p 5432" || exit 1
if ! rabbitmqctl -q status >/dev/null 2>&1; then
  echo "starting RabbitMQ"
  rabbitmq-server -detached
  wait_for "RabbitMQ node" "rabbitmqctl -q status" || exit 1
fi
# The node may be up with the app stopped (e.g. after an interrupted fault test).
rabbitmqctl -q start_app >/dev/null 2>&1 || true
wait_for RabbitMQ "rabbitmq-diagnostics -q check_port_connectivity" || exit 1
echo "PostgreSQL and RabbitMQ are up"
