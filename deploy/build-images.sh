#!/usr/bin/env bash
# Builds the Capstan image (every component, deploy/Dockerfile) and, with --offline, local etcd and NATS
# images, so deploy/docker-compose.yml runs on a machine with no registry.
#
#   deploy/build-images.sh            FROM node:20-bookworm-slim (pulls; for machines with a registry)
#   deploy/build-images.sh --offline  FROM a base imported from this machine's Node.js; etcd and NATS images
#                                     from Debian's etcd-server and nats-server (installed when missing)
# Options: --tag NAME (default capstan:latest), --if-missing (build only images that are absent).
# --offline also writes deploy/.env naming the local images, which docker-compose reads from deploy/.
set -euo pipefail
export DO_NOT_TRACK=1 TURBO_TELEMETRY_DISABLED=1 DOCKER_BUILDKIT=1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
docker=${DOCKER:-/usr/bin/docker}
export DOCKER=$docker

offline=false
if_missing=false
tag=capstan:latest
while (($# > 0)); do
  case $1 in
    --offline) offline=true ;;
    --if-missing) if_missing=true ;;
    --tag) tag=${2:?--tag needs a name}; shift ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build-images: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

present() { "$docker" image inspect "$1" >/dev/null 2>&1; }
wanted() { ! $if_missing || ! present "$1"; }

if ! $offline; then
  wanted "$tag" && "$docker" build -f "$here/Dockerfile" -t "$tag" "$repo"
  exit 0
fi

# Debian packages the offline images are made from.
missing=()
command -v etcd >/dev/null || missing+=(etcd-server)
command -v etcdctl >/dev/null || missing+=(etcd-client)
command -v nats-server >/dev/null || missing+=(nats-server)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || missing+=(busybox-static)
if ((${#missing[@]} > 0)); then
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  echo "build-images: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

import=$here/scripts/import-rootfs.sh
base=capstan-local/node:$(node -p 'process.versions.node.split(".")[0]')
etcd_image=capstan-local/etcd:$(etcd --version | awk '/etcd Version/ { print $3 }')
nats_image=capstan-local/nats:$(nats-server --version | sed -E 's/.*v([0-9]+\.[0-9]+).*/\1/')

# Same paths as the upstream images, so the compose file's commands fit both: etcd on PATH
# (quay.io/coreos/etcd), /nats-server as the entrypoint (nats).
if wanted "$base" || ! present "$base"; then
  sh "$import" "$base" --as "$(command -v node)=/usr/local/bin/node" /etc/ssl/certs/ca-certificates.crt
fi
if wanted "$etcd_image"; then
  sh "$import" "$etcd_image" --as "$(command -v etcd)=/usr/local/bin/etcd" --as "$(command -v etcdctl)=/usr/local/bin/etcdctl"
fi
if wanted "$nats_image"; then
  sh "$import" "$nats_image.rootfs" --as "$(command -v nats-server)=/nats-server"
  printf 'FROM %s\nENTRYPOINT ["/nats-server"]\nCMD ["-js"]\n' "$nats_image.rootfs" |
    "$docker" build -q -t "$nats_image" - >/dev/null
  "$docker" rmi "$nats_image.rootfs" >/dev/null
fi

if wanted "$tag"; then
  # --continue: an app that does not compile yet is left out of the image (its component then says so),
  # while the ones that do compile still ship.
  (cd "$repo" && npx turbo run build --filter='./apps/*' --continue --output-logs=errors-only) ||
    echo "build-images: some workspaces did not build; the image holds the ones that did" >&2
  for app in apiserver capstan; do
    [[ -f $repo/apps/$app/dist/main.js ]] || { echo "build-images: apps/$app did not build" >&2; exit 1; }
  done
  stage=$here/.stage
  sh "$here/scripts/stage-app.sh" "$repo" "$stage/app"
  tar -C "$stage" -cf "$stage/app.tar" app
  rm -rf "$stage/app"
  "$docker" build -f "$here/Dockerfile" --build-arg "BASE_IMAGE=$base" --build-arg APP_SOURCE=staged -t "$tag" "$stage"
  rm -f "$stage/app.tar"
fi

printf 'CAPSTAN_IMAGE=%s\nETCD_IMAGE=%s\nNATS_IMAGE=%s\n' "$tag" "$etcd_image" "$nats_image" >"$here/.env"
echo "build-images: $tag $etcd_image $nats_image (names written to deploy/.env)"
