#!/bin/sh
# Makes what a secured apiserver needs, in DIR, once (files already there are kept, so restarts and several
# apiservers share one CA): a cluster CA (ca.crt, ca.key), the apiserver's serving certificate signed by it
# (apiserver.crt, apiserver.key, valid for every name in --server-names), a static token file (tokens.csv, in
# Kubernetes' --token-auth-file format: one random token for the admin and for each component), and an admin
# kubeconfig (admin.kubeconfig) for https://127.0.0.1:PORT. Needs openssl.
#
#   deploy/scripts/make-pki.sh DIR [--server-names a,b,127.0.0.1] [--port 6443]
set -eu
dir=${1:?usage: make-pki.sh DIR [--server-names NAMES] [--port PORT]}
shift
names=apiserver,apiserver-lb,localhost,127.0.0.1
port=6443
while [ $# -gt 0 ]; do
  case $1 in
    --server-names) names=${2:?}; shift ;;
    --port) port=${2:?}; shift ;;
    *) echo "make-pki: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
command -v openssl >/dev/null || { echo "make-pki: openssl is needed" >&2; exit 1; }
mkdir -p "$dir"
umask 077

if [ ! -f "$dir/ca.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=capstan-ca" -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
fi

if [ ! -f "$dir/apiserver.crt" ]; then
  san=$(printf '%s' "$names" | tr ',' '\n' | awk '/^[0-9.]+$/ { printf "%sIP:%s", sep, $0; sep=","; next }
    { printf "%sDNS:%s", sep, $0; sep="," }')
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=capstan-apiserver" \
    -keyout "$dir/apiserver.key" -out "$dir/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n' "$san" >"$dir/apiserver.ext"
  openssl x509 -req -in "$dir/apiserver.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 825 -extfile "$dir/apiserver.ext" -out "$dir/apiserver.crt" 2>/dev/null
  rm -f "$dir/apiserver.csr" "$dir/apiserver.ext" "$dir/ca.srl"
fi

if [ ! -f "$dir/tokens.csv" ]; then
  {
    echo "# token,user,uid,groups (Kubernetes --token-auth-file)"
    echo "$(openssl rand -hex 24),admin,admin,system:masters"
    for component in kube-scheduler kube-controller-manager kube-proxy node; do
      echo "$(openssl rand -hex 24),system:$component,system:$component,system:$component"
    done
  } >"$dir/tokens.csv"
fi

admin_token=$(awk -F, '$2 == "admin" { print $1 }' "$dir/tokens.csv")
ca_data=$(base64 -w0 <"$dir/ca.crt")
cat >"$dir/admin.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: capstan
    cluster:
      server: https://127.0.0.1:$port
      certificate-authority-data: $ca_data
users:
  - name: admin
    user:
      token: $admin_token
contexts:
  - name: capstan
    context: { cluster: capstan, user: admin }
current-context: capstan
KUBECONFIG
# The apiserver runs as uid 1000 in the image: it must read the key and the token file.
chmod 755 "$dir"
chmod 644 "$dir/ca.crt" "$dir/apiserver.crt"
chmod 640 "$dir/apiserver.key" "$dir/tokens.csv"
[ "$(id -u)" -eq 0 ] && chown 1000:1000 "$dir/apiserver.key" "$dir/tokens.csv"
echo "make-pki: $dir (admin kubeconfig: $dir/admin.kubeconfig)"
