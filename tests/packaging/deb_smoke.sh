#!/usr/bin/env bash
# deb_smoke.sh BUILD_DIR VERSION SOURCE_DIR
# Builds the DEB with cpack from BUILD_DIR, checks its control fields,
# unpacks it into a temporary root (dpkg-deb -x), checks the files there
# (unpacked_tree.sh: paths, ids, metainfo, desktop entry, no build paths,
# qiusuo-cli --version, qiusuo --version) and starts the unpacked qiusuo
# offscreen until its first frame.
set -euo pipefail
build=$1
version=$2
source=$3
. "$(dirname "${BASH_SOURCE[0]}")/unpacked_tree.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/qiusuo-deb-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$build"
if ! cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  fail "cpack -G DEB failed"
fi
deb=$(ls "$work"/pkg/qiusuo_"$version"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no qiusuo_${version}_*.deb in $(ls "$work/pkg")"
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# Control fields: the run-time Qt pieces shlibdeps cannot see, the libraries
# it can, the recommended CJK fonts.
depends=$(dpkg-deb -f "$deb" Depends)
for p in qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts qml6-module-qtwebengine \
         qml6-module-qtwebchannel qt6-qpa-plugins libsqlite3-0 libqt6webenginecore6 libcmark-gfm; do
  grep -q "$p" <<<"$depends" || fail "Depends lacks $p: $depends"
done
grep -q fonts-noto-cjk <<<"$(dpkg-deb -f "$deb" Recommends)" || fail "fonts-noto-cjk is not recommended"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version is not $version"

root="$work/root"
dpkg-deb -x "$deb" "$root"
check_unpacked_tree "$root" "$version" "$build" "$source"

home="$work/home"
shot="$work/first-frame.png"
set +e
run_app env QIUSUO_SCREENSHOT="$shot" timeout 120 "$root/usr/bin/qiusuo" --profile "$home/profile" \
  >"$work/app.log" 2>&1
code=$?
set -e
[ $code -eq 0 ] || { cat "$work/app.log" >&2; fail "the unpacked qiusuo exited with $code before its first frame"; }
[ -s "$shot" ] || fail "no first-frame screenshot"
[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "the screenshot is not a PNG"
[ -e "$home/profile/qiusuo.db" ] || fail "the unpacked qiusuo made no database in its profile"
echo "first frame: $(stat -c %s "$shot") bytes"
echo "OK"
