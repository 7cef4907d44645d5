#!/usr/bin/env bash
# Takes the compose cluster down completely: `docker-compose down -v --remove-orphans`, and before that the
# pods' containers, which the kubelets created on the shared Docker Engine outside Compose's knowledge
# (each carries the label io.capstan.node=<node>, and a node is named after its kubelet container's hostname).
#
#   deploy/down.sh [-p PROJECT] [compose options...]     (default project: capstan)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
docker=${DOCKER:-/usr/bin/docker}
project=capstan
args=()
while (($# > 0)); do
  case $1 in
    -p | --project-name) project=${2:?}; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
export COMPOSE_HTTP_TIMEOUT=${COMPOSE_HTTP_TIMEOUT:-300}
compose=(docker-compose -f "$here/docker-compose.yml" -p "$project" "${args[@]}")

# Stop the kubelets first, so none recreates a pod container while they are being removed.
kubelets=$("$docker" ps -aq --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=kubelet)
"${compose[@]}" stop -t 5 kubelet >/dev/null 2>&1 || true
for kubelet in $kubelets; do
  node=$("$docker" inspect -f '{{.Config.Hostname}}' "$kubelet")
  pods=$("$docker" ps -aq --filter "label=io.capstan.node=$node")
  [[ -n $pods ]] && "$docker" rm -f $pods >/dev/null
done
"${compose[@]}" down -v --remove-orphans -t 5
