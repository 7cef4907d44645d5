#!/usr/bin/env bash
# Installs the real services the tests start (like Kubernetes' hack/install-etcd.sh). It only installs:
# the test harness starts its own instances on free loopback ports and stops them afterwards.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive DO_NOT_TRACK=1 TURBO_TELEMETRY_DISABLED=1

# command -> Debian package that provides it
declare -A wanted=(
  [etcd]=etcd-server
  [nats-server]=nats-server
)

missing=()
for command in "${!wanted[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${wanted[$command]}")
done

if ((${#missing[@]} > 0)); then
  echo "ensure-services: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "ensure-services: etcd $(etcd --version | head -1 | awk '{print $3}'), nats-server $(nats-server --version | awk '{print $2}')"
