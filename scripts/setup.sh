#!/usr/bin/env bash
# Installs, from Debian 12 packages, the DNS servers and tools the integration tests and
# benchmarks run. Idempotent: when every tool is already on PATH it exits without touching apt.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# Non-root shells often lack the sbin directories, where knotd and unbound live.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

# package => a command it provides (dnsutils is Debian 12's transitional name for bind9-dnsutils),
# or a file (the local-language word lists the lookalike matcher reads where they are,
# src/lookalike/local-words.ts; scowl is what data/lookalike/ is built from).
packages=(knot knot-module-dnstap knot-dnsutils dnsutils unbound bind9 dnsperf tcpdump tshark dnstwist dnstap-ldns fstrm-bin dnsdbq
  chromium openssl clickhouse-server clickhouse-client zookeeper postgresql nats-server wfrench wngerman wdutch wspanish witalian wportuguese)
declare -A provides=(
  [knot]=knotd [knot-module-dnstap]=/usr/lib/x86_64-linux-gnu/knot/modules-3.2/dnstap.so
  [knot-dnsutils]=kdig [bind9]=/usr/sbin/named [dnsutils]=dig [unbound]=unbound
  [dnsperf]=dnsperf [tcpdump]=tcpdump [tshark]=tshark [dnstwist]=dnstwist
  [dnstap-ldns]=dnstap-ldns [fstrm-bin]=fstrm_capture [dnsdbq]=dnsdbq [chromium]=chromium [openssl]=openssl
  [clickhouse-server]=/usr/sbin/clickhouse-server [clickhouse-client]=clickhouse-client
  [zookeeper]=/usr/share/java/zookeeper.jar
  [postgresql]=/usr/lib/postgresql/15/bin/initdb
  [nats-server]=/usr/sbin/nats-server
  [wfrench]=/usr/share/dict/french [wngerman]=/usr/share/dict/ngerman [wdutch]=/usr/share/dict/dutch
  [wspanish]=/usr/share/dict/spanish [witalian]=/usr/share/dict/italian
  [wportuguese]=/usr/share/dict/portuguese
)
present() { case "$1" in /*) [ -e "$1" ] ;; *) command -v "$1" >/dev/null 2>&1 ;; esac; }

missing=()
for pkg in "${packages[@]}"; do
  present "${provides[$pkg]}" || missing+=("$pkg")
done
# Python modules the benches use as yardsticks (no command to look for).
[ -d /usr/lib/python3/dist-packages/whois ] || missing+=(python3-whois)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all DNS tools and word lists present"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo -n)
fi

# Keep apt's maintainer scripts from starting knot/unbound/named/clickhouse-server: the tests start
# their own instances (nats-server too), and a system Unbound on 127.0.0.1:53 would also query the real root
# servers (a system ClickHouse would hold ports 8123/9000 and the memory of its caches).
# policy-rc.d exit 101 = "action forbidden"; invoke-rc.d and deb-systemd-invoke honour it.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  own_policy=1
fi
cleanup() { if [ "$own_policy" = 1 ]; then "${as_root[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT

# The PostgreSQL tests start their own server from a temp dir (test/helpers/postgres.ts,
# as the `postgres` user the package makes); no system cluster is made for them to lean
# on. postgresql-common reads this drop-in before its postinst would create "main".
if [[ " ${missing[*]} " == *" postgresql "* ]]; then
  "${as_root[@]}" mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" |
    "${as_root[@]}" tee /etc/postgresql-common/createcluster.d/dnsight.conf >/dev/null
fi

echo "setup: installing ${missing[*]}"
# Non-root users must not get dumpcap's setuid bit; asking would block a run with no stdin.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
  "${as_root[@]}" debconf-set-selections
"${as_root[@]}" apt-get update -qq
# No recommends: dnstwist's would pull in Selenium and a browser. Its modules for
# IDN and DNS are named instead.
extra=()
for pkg in "${missing[@]}"; do
  [ "$pkg" = dnstwist ] && extra+=(python3-idna python3-dnspython python3-tld)
done
"${as_root[@]}" apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef \
  -o Dpkg::Options::=--force-confold "${missing[@]}" "${extra[@]}"

# Should a service have started anyway (or start at the next boot), stop and disable it.
# `systemctl disable` works without a running systemd (it removes the unit's links and,
# through systemd-sysv-install, the rc.d ones), which postinst scripts create regardless.
for svc in unbound unbound-resolvconf knot named bind9 clickhouse-server postgresql nats-server; do
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    "${as_root[@]}" systemctl disable --now "$svc" >/dev/null 2>&1 || true
  else
    if [ -x "/etc/init.d/$svc" ]; then
      "${as_root[@]}" "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
    fi
    if command -v systemctl >/dev/null 2>&1; then
      "${as_root[@]}" systemctl disable "$svc" >/dev/null 2>&1 || true
    elif command -v update-rc.d >/dev/null 2>&1 && [ -x "/etc/init.d/$svc" ]; then
      "${as_root[@]}" update-rc.d "$svc" disable >/dev/null 2>&1 || true
    fi
  fi
done

# Debian ships an enforcing AppArmor profile for unbound that forbids reading a config
# from a temp dir; where AppArmor is active, unload it so tests can run their own Unbound.
profile=/etc/apparmor.d/usr.sbin.unbound
if [ -r /sys/kernel/security/apparmor/profiles ] && [ -e "$profile" ] &&
  grep -q unbound /sys/kernel/security/apparmor/profiles && command -v apparmor_parser >/dev/null; then
  "${as_root[@]}" ln -sf "$profile" /etc/apparmor.d/disable/
  "${as_root[@]}" apparmor_parser -R "$profile" || true
fi

for pkg in "${packages[@]}"; do
  present "${provides[$pkg]}" || { echo "setup: $pkg did not install" >&2; exit 1; }
done
[ -d /usr/lib/python3/dist-packages/whois ] || { echo "setup: python3-whois did not install" >&2; exit 1; }
getent passwd postgres >/dev/null || { echo "setup: no postgres user after installing postgresql" >&2; exit 1; }
echo "setup: done"
