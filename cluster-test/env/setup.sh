#!/usr/bin/env bash
# Prepares this machine for Orca's real-component tests. Idempotent: a second run
# does nothing that is already done.
#
#   setup.sh install   install the Debian packages the tests use (root only;
#                      otherwise print what is missing and carry on)
#   setup.sh check     exit 0 when everything is installed, 1 otherwise
#
# The packages and what they are for are listed in PACKAGES below.
set -euo pipefail

# package:command-that-proves-it-is-installed
PACKAGES=(
  containerd:containerd
  runc:runc
  containernetworking-plugins:/usr/lib/cni/bridge
  busybox-static:/bin/busybox
  umoci:umoci
  docker-registry:docker-registry
  skopeo:skopeo
  etcd-server:etcd
  etcd-client:etcdctl
  iproute2:ip
  iptables:iptables
  nftables:nft
  gcc:gcc
)

log() { printf 'env: %s\n' "$*" >&2; }

present() {
  local probe=$1
  if [[ $probe == /* ]]; then [[ -e $probe ]]; else command -v "$probe" >/dev/null 2>&1; fi
}

missing_packages() {
  local entry
  for entry in "${PACKAGES[@]}"; do
    present "${entry#*:}" || printf '%s\n' "${entry%%:*}"
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then log "Debian packages: all present"; return 0; fi
  if [[ $(id -u) != 0 ]]; then
    log "not root: cannot install ${missing[*]}; tests that need them will skip and say so"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "no apt-get: cannot install ${missing[*]}; tests that need them will skip and say so"
    return 0
  fi
  log "installing ${missing[*]}"
  # Package lists are refreshed at most once per run of this script.
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian packages start system-wide daemons; tests run private instances.
  for unit in containerd docker-registry etcd; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then
      systemctl stop "$unit" >/dev/null 2>&1 || true
    fi
  done
  log "installed ${missing[*]}"
}

case "${1:-install}" in
  install) install_packages ;;
  check) [[ -z $(missing_packages) ]] ;;
  *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
