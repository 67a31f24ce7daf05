#!/usr/bin/env bash
# Prepares this machine for Orca's real-component tests and runs private container
# runtimes for them. Idempotent: a second run does nothing that is already done.
#
#   setup.sh install           install the Debian packages the tests use (root only;
#                              otherwise print what is missing and carry on)
#   setup.sh check             exit 0 when everything is installed, 1 otherwise
#   setup.sh images            build the test images (busybox, pause, httpd) as OCI
#                              archives into $ORCA_TEST_CACHE/images, unless they are
#                              already built from the same inputs
#   setup.sh start DIR [NETNS] start a private containerd under DIR (inside network
#                              namespace NETNS when given) and the local registry on
#                              127.0.0.1:5000 (reused when already serving), push the
#                              images, import the pause image; print KEY=VALUE lines
#   setup.sh stop DIR          stop what `start DIR` started and leave no trace
#   setup.sh support           exit 0 when this machine can run containers; otherwise
#                              print why and exit 3
#
# `start` and `support` exit 3 (EXIT_UNSUPPORTED), with the reason on stderr, when
# the machine cannot run containers, so that tests skip and say why. See README.md.
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
  nginx-light:nginx
  openssl:openssl
  curl:curl
  tcpdump:tcpdump
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
  for unit in containerd docker-registry etcd nginx; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then
      systemctl stop "$unit" >/dev/null 2>&1 || true
    fi
  done
  log "installed ${missing[*]}"
}


# ---- images, private containerd instances, the local registry ---------------

EXIT_UNSUPPORTED=3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${ORCA_TEST_CACHE:-/var/cache/orca-test}
IMAGES=$CACHE/images
REGISTRY=127.0.0.1:5000
IMAGE_NAMES=(busybox pause httpd)
# Every wait is bounded: this many tries, 100 ms apart.
WAIT_TRIES_MAX=150

die() { log "$*"; exit 1; }

# Prints why this machine cannot run containers; prints nothing when it can.
support_problem() {
  if [[ $(uname -s) != Linux ]]; then echo "not Linux: containers need Linux"; return; fi
  if [[ $(id -u) != 0 ]]; then echo "not root: a private containerd needs root"; return; fi
  local probe
  for probe in containerd containerd-shim-runc-v2 runc ctr umoci skopeo docker-registry gcc curl nsenter \
    flock /usr/lib/cni/bridge /usr/lib/cni/host-local /usr/lib/cni/loopback /usr/lib/cni/portmap /bin/busybox; do
    if ! present "$probe"; then echo "$probe is missing (run: cluster-test/env/setup.sh install)"; return; fi
  done
  if [[ ! -d /sys/fs/cgroup/memory && ! -f /sys/fs/cgroup/cgroup.controllers ]]; then
    echo "no memory cgroup mounted under /sys/fs/cgroup"; return
  fi
  if ! grep -qw overlay /proc/filesystems; then echo "the kernel has no overlay file system"; return; fi
}

require_support() {
  local problem
  problem=$(support_problem)
  if [[ -n $problem ]]; then log "cannot run containers: $problem"; exit "$EXIT_UNSUPPORTED"; fi
}

# Waits until the command succeeds, at most WAIT_TRIES_MAX tries.
wait_for() {
  local what=$1 try
  shift
  for ((try = 0; try < WAIT_TRIES_MAX; try += 1)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  log "gave up waiting for $what after $((WAIT_TRIES_MAX / 10)) s"
  return 1
}

# ---- images ----

# An OCI layout with one empty image tagged latest, unpacked into BUNDLE.
new_image() {
  local layout=$1 bundle=$2
  umoci init --layout "$layout"
  umoci new --image "$layout:latest"
  umoci unpack --rootless --image "$layout:latest" "$bundle" >/dev/null
}

add_busybox() {
  local rootfs=$1 applet
  mkdir -p "$rootfs"/{bin,etc,root,tmp,proc,sys,dev}
  chmod 1777 "$rootfs/tmp"
  install -m 0755 /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ $applet == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"
}

# Repacks BUNDLE as a layer, applies the umoci config flags, writes the archive.
finish_image() {
  local layout=$1 bundle=$2 archive=$3
  shift 3
  umoci repack --image "$layout:latest" "$bundle"
  umoci config --image "$layout:latest" "$@"
  umoci gc --layout "$layout"
  tar -C "$layout" -cf "$archive" .
}

build_busybox_image() {
  local work=$1 archive=$2
  new_image "$work/busybox" "$work/busybox-bundle"
  add_busybox "$work/busybox-bundle/rootfs"
  finish_image "$work/busybox" "$work/busybox-bundle" "$archive" \
    --config.env PATH=/bin --config.cmd /bin/sh
}

build_pause_image() {
  local work=$1 archive=$2
  gcc -static -Os -Wall -Wextra -o "$work/pause-program" "$HERE/pause.c"
  strip "$work/pause-program" 2>/dev/null || true
  new_image "$work/pause" "$work/pause-bundle"
  install -m 0755 "$work/pause-program" "$work/pause-bundle/rootfs/pause"
  finish_image "$work/pause" "$work/pause-bundle" "$archive" --config.cmd /pause
}

build_httpd_image() {
  local work=$1 archive=$2
  new_image "$work/httpd" "$work/httpd-bundle"
  add_busybox "$work/httpd-bundle/rootfs"
  mkdir -p "$work/httpd-bundle/rootfs/www"
  printf '<!doctype html>\n<title>orca test httpd</title>\n<p>hello from orca httpd</p>\n' \
    >"$work/httpd-bundle/rootfs/www/index.html"
  finish_image "$work/httpd" "$work/httpd-bundle" "$archive" --config.env PATH=/bin \
    --config.cmd httpd --config.cmd -f --config.cmd -p --config.cmd 8080 --config.cmd -h --config.cmd /www
}

# What the archives are made from: the build steps themselves, pause.c, busybox.
image_inputs_digest() {
  {
    declare -f new_image add_busybox finish_image build_busybox_image build_pause_image build_httpd_image
    cat "$HERE/pause.c"
    sha256sum /bin/busybox
    umoci --version
  } | sha256sum | cut -d' ' -f1
}

build_images() {
  require_support
  mkdir -p "$IMAGES"
  exec 8>"$CACHE/images.lock"
  flock -w 120 8 || die "another build of the test images holds $CACHE/images.lock"
  local digest name work
  digest=$(image_inputs_digest)
  if [[ -f $IMAGES/inputs.sha256 && $(<"$IMAGES/inputs.sha256") == "$digest" ]]; then
    exec 8>&-
    return 0
  fi
  work=$(mktemp -d)
  (
    trap 'rm -rf "$work"' EXIT
    for name in "${IMAGE_NAMES[@]}"; do
      "build_${name}_image" "$work" "$work/$name.oci.tar"
      mv -f "$work/$name.oci.tar" "$IMAGES/$name.oci.tar"
    done
  )
  printf '%s\n' "$digest" >"$IMAGES/inputs.sha256"
  log "built test images into $IMAGES"
  exec 8>&-
}

# ---- one private containerd ----

# Settings of an instance; environment variables let instances run side by side.
BRIDGE=${ORCA_TEST_BRIDGE:-orca-cni0}
POD_CIDR=${ORCA_TEST_POD_CIDR:-10.244.0.0/24}
NETWORK=${ORCA_TEST_NETWORK:-$BRIDGE}

write_cni_config() {
  local dir=$1
  cat >"$dir/cni/net.d/10-$NETWORK.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "$NETWORK",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$dir/cni/ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
}

write_containerd_config() {
  local dir=$1
  local cri='plugins."io.containerd.grpc.v1.cri"'
  cat >"$dir/config.toml" <<TOML
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"

[$cri]
  sandbox_image = "$REGISTRY/pause:latest"
  # Root here may not lower oom_score_adj; without this every RunPodSandbox fails.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  # Port 0: instances side by side must not fight over the default port.
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [$cri.containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [$cri.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [$cri.containerd.runtimes.runc.options]
        BinaryName = "/usr/sbin/runc"
        Root = "$dir/runc"
        SystemdCgroup = false
  [$cri.cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
    max_conf_num = 1
  [$cri.registry]
    config_path = "$dir/certs.d"
TOML
}

pid_alive() { [[ -f $1 ]] && kill -0 "$(<"$1")" 2>/dev/null; }

start_containerd() {
  local dir=$1 netns=$2
  if [[ -n $netns ]]; then
    # Not `ip netns exec`: it remounts /sys and hides the cgroup mounts from containerd.
    (cd / && exec setsid nsenter --net="/run/netns/$netns" containerd --config "$dir/config.toml") \
      >"$dir/containerd.log" 2>&1 </dev/null &
  else
    (cd / && exec setsid containerd --config "$dir/config.toml") >"$dir/containerd.log" 2>&1 </dev/null &
  fi
  echo $! >"$dir/containerd.pid"
  if ! wait_for "containerd at $dir/containerd.sock" ctr --address "$dir/containerd.sock" version; then
    tail -20 "$dir/containerd.log" >&2
    return 1
  fi
}

registry_answers() { curl -fsS -m 1 "http://$REGISTRY/v2/" >/dev/null 2>&1; }

# Starts the registry unless one already serves (another instance's): then reuse it.
ensure_registry() {
  local dir=$1
  exec 9>"$CACHE/registry.lock"
  flock -w 30 9 || die "another instance holds $CACHE/registry.lock"
  if registry_answers; then
    exec 9>&-
    return 0
  fi
  mkdir -p "$dir/registry/storage"
  cat >"$dir/registry/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/registry/storage
  delete:
    enabled: true
http:
  addr: $REGISTRY
YAML
  # Not holding the lock: the daemon must not inherit its descriptor.
  (cd / && exec setsid docker-registry serve "$dir/registry/config.yml") >"$dir/registry.log" 2>&1 </dev/null 9>&- &
  echo $! >"$dir/registry.pid"
  wait_for "the registry at $REGISTRY" registry_answers || { tail -20 "$dir/registry.log" >&2; exit 1; }
  exec 9>&-
}

push_images() {
  local name
  for name in "${IMAGE_NAMES[@]}"; do
    skopeo --insecure-policy copy --quiet --dest-tls-verify=false \
      "oci-archive:$IMAGES/$name.oci.tar" "docker://$REGISTRY/$name:latest" >/dev/null
  done
}

# The pause image always; inside a network namespace the registry on the host's
# loopback is out of reach, so every image is imported there.
import_images() {
  local dir=$1 netns=$2 name names=(pause)
  [[ -z $netns ]] || names=("${IMAGE_NAMES[@]}")
  for name in "${names[@]}"; do
    ctr --address "$dir/containerd.sock" -n k8s.io images import --base-name "$REGISTRY/$name" \
      "$IMAGES/$name.oci.tar" >/dev/null
  done
}

print_instance() {
  local dir=$1
  # shellcheck disable=SC1091 # written by start_runtime
  source "$dir/instance.env"
  printf 'SOCKET=%s\nREGISTRY=%s\nPOD_CIDR=%s\nBRIDGE=%s\nNETWORK=%s\nNETNS=%s\n' \
    "$dir/containerd.sock" "$REGISTRY" "$POD_CIDR" "$BRIDGE" "$NETWORK" "$NETNS"
}

start_runtime() {
  local dir netns=${2:-}
  [[ -n ${1:-} ]] || die "usage: $0 start DIR [NETNS]"
  require_support
  [[ -z $netns || -e /run/netns/$netns ]] || die "no network namespace $netns (ip netns add $netns)"
  mkdir -p "$1"
  dir=$(cd "$1" && pwd)
  if pid_alive "$dir/containerd.pid"; then print_instance "$dir"; return 0; fi
  build_images
  mkdir -p "$dir"/{root,state,runc,opt,cni/net.d,cni/ipam,certs.d}
  printf 'BRIDGE=%q\nPOD_CIDR=%q\nNETWORK=%q\nNETNS=%q\n' "$BRIDGE" "$POD_CIDR" "$NETWORK" "$netns" >"$dir/instance.env"
  write_cni_config "$dir"
  write_containerd_config "$dir"
  start_containerd "$dir" "$netns" || { stop_runtime "$dir"; exit 1; }
  ensure_registry "$dir"
  push_images
  import_images "$dir" "$netns"
  print_instance "$dir"
}

# ---- stop ----

# SIGTERM, then SIGKILL after a bounded wait; only the PID recorded in the file.
kill_recorded() {
  local file=$1 pid try
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((try = 0; try < 50; try += 1)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

# Shims outlive containerd; ours are the ones started with our socket's address.
kill_shims() {
  local dir=$1 cmdline_file pid
  for cmdline_file in $(grep -laF -- "$dir/containerd.sock" /proc/[0-9]*/cmdline 2>/dev/null); do
    pid=${cmdline_file#/proc/}
    pid=${pid%/cmdline}
    if tr '\0' '\n' 2>/dev/null <"$cmdline_file" | grep -qxF -- "$dir/containerd.sock"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

# Containers that survived the CRI teardown, found in this instance's runc root.
kill_containers() {
  local dir=$1 root id
  for root in "$dir"/runc/*/; do
    [[ -d $root ]] || continue
    for id in $(runc --root "$root" list -q 2>/dev/null); do
      runc --root "$root" delete --force "$id" >/dev/null 2>&1 || true
    done
  done
}

unmount_under() {
  local dir=$1 target
  # Deepest first, so that nested mounts come off before their parents.
  awk -v prefix="$dir/" 'index($5, prefix) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r target; do
      umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || log "could not unmount $target"
    done
}

remove_bridge() {
  local netns=$1 bridge=$2 link ip=(ip)
  [[ -z $netns ]] || ip=(ip -n "$netns")
  "${ip[@]}" link show "$bridge" >/dev/null 2>&1 || return 0
  for link in $("${ip[@]}" -o link show master "$bridge" 2>/dev/null | awk -F': ' '{ print $2 }' | cut -d@ -f1); do
    "${ip[@]}" link delete "$link" 2>/dev/null || true
  done
  "${ip[@]}" link delete "$bridge" 2>/dev/null || true
}

stop_runtime() {
  [[ -n ${1:-} ]] || die "usage: $0 stop DIR"
  [[ -d $1 ]] || return 0
  local dir
  dir=$(cd "$1" && pwd)
  [[ -f $dir/instance.env ]] || return 0
  # shellcheck disable=SC1091 # written by start_runtime
  source "$dir/instance.env"
  if pid_alive "$dir/containerd.pid"; then
    # Through CRI first, so that CNI tears each pod's network down properly.
    timeout 30 node "$HERE/cri-teardown.mjs" "unix://$dir/containerd.sock" ||
      log "CRI teardown incomplete; cleaning up by force"
  fi
  kill_recorded "$dir/containerd.pid"
  kill_containers "$dir"
  kill_shims "$dir"
  unmount_under "$dir"
  remove_bridge "$NETNS" "$BRIDGE"
  kill_recorded "$dir/registry.pid"
  # Shared with other instances: rmdir removes them only once nobody uses them.
  rmdir /sys/fs/cgroup/*/k8s.io /run/containerd/s /run/containerd 2>/dev/null || true
  # Keep the logs and configs for a post-mortem; drop the state.
  rm -rf "${dir:?}"/{root,state,runc,opt,cni,certs.d,registry/storage} "$dir"/containerd.sock* "$dir/instance.env"
}

case "${1:-install}" in
  install) install_packages ;;
  check) [[ -z $(missing_packages) ]] ;;
  support)
    problem=$(support_problem)
    if [[ -n $problem ]]; then echo "$problem"; exit "$EXIT_UNSUPPORTED"; fi
    ;;
  images) build_images ;;
  start) start_runtime "${2:-}" "${3:-}" ;;
  stop) stop_runtime "${2:-}" ;;
  *) echo "usage: $0 install|check|support|images|start DIR [NETNS]|stop DIR" >&2; exit 2 ;;
esac
