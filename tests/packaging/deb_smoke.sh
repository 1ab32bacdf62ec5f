#!/usr/bin/env bash
# deb_smoke.sh BUILD_DIR VERSION
# Builds the DEB with cpack from BUILD_DIR, checks its control fields and
# files, validates the AppStream metainfo and desktop entry, unpacks it into
# a temporary root (dpkg-deb -x) and runs the unpacked binaries: qiusuo-cli
# --version, qiusuo --version, and qiusuo offscreen until its first frame.
set -euo pipefail
build=$1
version=$2
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
for f in usr/bin/qiusuo usr/bin/qiusuo-cli usr/bin/qiusuo-html2pdf \
         usr/share/applications/org.qiusuo.Qiusuo.desktop usr/share/metainfo/org.qiusuo.Qiusuo.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/org.qiusuo.Qiusuo.svg \
         usr/share/icons/hicolor/48x48/apps/org.qiusuo.Qiusuo.png \
         usr/share/icons/hicolor/256x256/apps/org.qiusuo.Qiusuo.png \
         usr/share/man/man1/qiusuo-cli.1 usr/share/doc/qiusuo/THIRD-PARTY-LICENSES.md; do
  [ -e "$root/$f" ] || fail "$f is not in the package"
done
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$root/usr/share/metainfo/org.qiusuo.Qiusuo.metainfo.xml" \
    || fail "the AppStream metainfo does not validate"
else
  echo "note: appstreamcli is not installed; metainfo not validated" >&2
fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/org.qiusuo.Qiusuo.desktop" || fail "bad desktop entry"
fi
grep -q '^Exec=qiusuo' "$root/usr/share/applications/org.qiusuo.Qiusuo.desktop" || fail "desktop entry Exec"
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$root/usr/share/man/man1/qiusuo-cli.1" 2>/dev/null | grep -q "history export" \
    || fail "the man page does not render"
fi

# The unpacked binaries run (from the temporary root, not the build tree).
out=$("$root/usr/bin/qiusuo-cli" --version)
[ "$out" = "qiusuo-cli $version" ] || fail "qiusuo-cli --version said: $out"
echo "$out"

home="$work/home"
mkdir -p "$home/runtime"
chmod 700 "$home/runtime"
run_app() {
  env -u QIUSUO_DATA_DIR HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/runtime" QT_QPA_PLATFORM=offscreen \
    QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox QIUSUO_LANG=en QIUSUO_THEME=light "$@"
}
out=$(run_app "$root/usr/bin/qiusuo" --version 2>&1)
grep -q "$version" <<<"$out" || fail "qiusuo --version said: $out"
echo "$out"

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
