#!/usr/bin/env bash
# Installs the real services the tests start (like Kubernetes' hack/install-etcd.sh), and makes sure a Docker
# Engine answers. etcd, nats-server and the loopback registry are only installed: the test harness starts its own
# instances on free loopback ports and stops them afterwards. The Docker Engine is shared: when its socket does
# not answer, dockerd is started in the background (no systemd needed) and left running. Idempotent: a second
# run installs and starts nothing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive DO_NOT_TRACK=1 TURBO_TELEMETRY_DISABLED=1

# The engine's socket: DOCKER_HOST when it names a unix socket, else Docker's default.
docker_socket=/var/run/docker.sock
[[ ${DOCKER_HOST:-} == unix://* ]] && docker_socket=${DOCKER_HOST#unix://}
dockerd_ready_timeout=${CAPSTAN_DOCKERD_READY_TIMEOUT:-60}

sudo_cmd=()
dockerd_log=${CAPSTAN_DOCKERD_LOG:-/var/log/capstan-dockerd.log}
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
  dockerd_log=${CAPSTAN_DOCKERD_LOG:-${TMPDIR:-/tmp}/capstan-dockerd.log}
fi

# Debian package -> whether it is there. busybox-static is checked by package: Debian's dynamic `busybox`
# also provides /bin/busybox, but the test images need the static one (they hold no libc).
package_present() {
  case $1 in
    etcd-server) command -v etcd ;;
    nats-server) command -v nats-server ;;
    docker.io) test -x /usr/bin/docker && command -v dockerd ;;
    docker-registry) command -v docker-registry ;;
    docker-compose) command -v docker-compose ;;
    *) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' ;;
  esac
}

missing=()
for package in etcd-server nats-server docker.io docker-compose docker-registry busybox-static; do
  package_present "$package" >/dev/null 2>&1 || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  echo "ensure-services: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Docker's own client (20.10): the first `docker` on PATH may be another build (see this-machine.md).
engine_answers() {
  timeout 5 /usr/bin/docker -H "unix://$docker_socket" version --format '{{.Server.Version}}' 2>/dev/null
}

if ! engine_answers >/dev/null; then
  echo "ensure-services: the Docker Engine at $docker_socket does not answer; starting dockerd (log: $dockerd_log)"
  # setsid + nohup: the engine outlives this script and the test run, as a system service would.
  "${sudo_cmd[@]}" setsid nohup dockerd -H "unix://$docker_socket" >>"$dockerd_log" 2>&1 </dev/null &
  dockerd_pid=$!
  deadline=$((SECONDS + dockerd_ready_timeout))
  until engine_answers >/dev/null; do
    if ! kill -0 "$dockerd_pid" 2>/dev/null || ((SECONDS >= deadline)); then
      echo "ensure-services: dockerd exited or did not answer within ${dockerd_ready_timeout}s; last lines of $dockerd_log:" >&2
      tail -n 20 "$dockerd_log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
fi

echo "ensure-services: etcd $(etcd --version | head -1 | awk '{print $3}')," \
  "nats-server $(nats-server --version | awk '{print $2}'), docker $(engine_answers)"
