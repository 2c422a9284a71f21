#!/bin/sh
# Install the Debian packages Qt (and the test tools) need, when missing and when we can.
# Without root or apt, print the exact command instead of failing later with a cryptic Qt error.
missing=""
command -v dpkg-query >/dev/null 2>&1 || exit 0
for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null
    exit $?
fi
echo "Shelter Desktop needs these system packages:$missing" >&2
echo "Install them with: sudo apt-get install$missing" >&2
exit 1
