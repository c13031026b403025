#!/usr/bin/env bash
# The first command on a bare machine, checked in a clean Debian 12 root:
#
#   sudo scripts/check-bare-debian.sh [ROOT]      (needs debootstrap and the network)
#
# Makes a minbase bookworm root (or reuses ROOT), adds only python3 and make,
# copies the committed tree in, then: as a user who is not root `make run` must
# stop with the list of missing packages; as root `make install` installs them,
# `make demo` loads the demo, a plan PDF renders, and `make run` answers /healthz.
# The root shares the host's network: port 8000 must be free.
set -euo pipefail
root=${1:-/tmp/doithoai-bare-root}
mirror=${MIRROR:-http://deb.debian.org/debian}
here=$(cd "$(dirname "$0")/.." && pwd)

[ -x "$root/bin/bash" ] || debootstrap --variant=minbase bookworm "$root" "$mirror"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# A proxy's own authority, if the host trusts one, so pip and apt reach out from the root too.
mkdir -p "$root/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
rm -rf "$root/opt/app" && mkdir -p "$root/opt/app"
git -C "$here" archive HEAD | tar -x -C "$root/opt/app"

# A clean environment: nothing of the host's (its pip settings, its PATH) leaks in.
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root chroot "$root" /bin/bash -s <<'INSIDE'
set -x
export DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make ca-certificates >/dev/null
update-ca-certificates >/dev/null 2>&1 || true
export PIP_CERT=/etc/ssl/certs/ca-certificates.crt
id clerk >/dev/null 2>&1 || useradd -m clerk
rm -rf /home/clerk/app && cp -r /opt/app /home/clerk/app && chown -R clerk /home/clerk/app
if su clerk -c 'cd ~/app && make run'; then echo "FAIL: make run went on without the system packages"; exit 1; fi
set -e
cd /opt/app && make install && make demo >/dev/null
.venv/bin/python manage.py shell -c "
from plans.models import Plan; from plans.pdf import render_plan_pdf
pdf = render_plan_pdf(Plan.objects.documents().first()); assert pdf.startswith(b'%PDF'); print('plan PDF', len(pdf), 'bytes')"
(setsid timeout 60 make run >/opt/run.log 2>&1 &)
sleep 40
python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:8000/healthz').read().decode())"
INSIDE
echo "OK: a bare Debian runs the application after make"
