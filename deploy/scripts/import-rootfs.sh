#!/bin/sh
# Makes a minimal image from files of this machine, with no registry: each FILE (an executable, or any file
# such as the CA bundle) at the same path, the shared libraries `ldd` lists for the executables and their
# loader, busybox-static as /bin/sh and the common applets, /etc/passwd with root and an unprivileged
# `capstan` user (uid 1000), then `docker import`s the tree as TAG.
#
#   deploy/scripts/import-rootfs.sh TAG [--as SRC=DEST]... FILE...
#   e.g. import-rootfs.sh capstan-local/node:20 --as /usr/bin/node=/usr/local/bin/node /etc/ssl/certs/ca-certificates.crt
set -eu
docker=${DOCKER:-/usr/bin/docker}
tag=${1:?usage: import-rootfs.sh TAG [--as SRC=DEST]... FILE...}
shift
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# Copies SRC to DEST inside the rootfs, with the libraries it links (none for a static binary or a data file).
add() {
  src=$1
  dest=$2
  [ -e "$src" ] || { echo "import-rootfs: $src is missing" >&2; exit 1; }
  mkdir -p "$root$(dirname "$dest")"
  cp -L "$src" "$root$dest"
  ldd "$src" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | while read -r lib; do
    [ -e "$root$lib" ] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

while [ $# -gt 0 ]; do
  case $1 in
    --as) add "${2%%=*}" "${2#*=}"; shift 2 ;;
    *) add "$1" "$1"; shift ;;
  esac
done

busybox=/bin/busybox
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || {
  echo "import-rootfs: busybox-static is not installed (apt-get install busybox-static)" >&2
  exit 1
}
add "$busybox" /bin/busybox
for applet in $("$busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
mkdir -p "$root/etc" "$root/tmp" "$root/home/capstan" "$root/var/lib/capstan"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\ncapstan:x:1000:1000:capstan:/home/capstan:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\ncapstan:x:1000:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
chown 1000:1000 "$root/home/capstan" "$root/var/lib/capstan"
tar -C "$root" -c . | "$docker" import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin' - "$tag" >/dev/null
echo "import-rootfs: $tag ($(du -sh "$root" | cut -f1))"
