#!/usr/bin/env bash
# rpm_smoke.sh BUILD_DIR VERSION SOURCE_DIR
# Builds the RPM with cpack from BUILD_DIR, checks its header (Requires for
# the QML modules AUTOREQ cannot see, the libraries it can, Recommends, the
# %license file, the files and the directories it owns), unpacks it with
# rpm2cpio | cpio into a temporary root and checks the files there
# (unpacked_tree.sh: paths, ids, metainfo, desktop entry, no build paths,
# qiusuo-cli --version, qiusuo --version). Exits 77 (ctest: skipped) when
# rpmbuild, rpm2cpio or cpio is missing.
set -euo pipefail
build=$1
version=$2
source=$3
. "$(dirname "${BASH_SOURCE[0]}")/unpacked_tree.sh"

for tool in rpmbuild rpm2cpio cpio; do
  if ! command -v $tool >/dev/null; then
    echo "SKIP: $tool is not installed, so the RPM cannot be built or unpacked here" \
      "(Debian packages rpm, rpm2cpio, cpio; scripts/bootstrap installs them)"
    exit 77
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/qiusuo-rpm-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$build"
if ! cpack -G RPM -B "$work/pkg" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  fail "cpack -G RPM failed"
fi
rpmfile=$(ls "$work"/pkg/qiusuo-"$version"-*.rpm 2>/dev/null | head -1)
[ -n "$rpmfile" ] || fail "no qiusuo-${version}-*.rpm in $(ls "$work/pkg")"
echo "package: $(basename "$rpmfile") ($(du -h "$rpmfile" | cut -f1))"
q() { rpm -qp "$@" "$rpmfile" 2>/dev/null; }

[ "$(q --qf '%{NAME} %{VERSION}')" = "qiusuo $version" ] || fail "package name/version: $(q --qf '%{NAME} %{VERSION}')"

# Requires: the QML modules by Fedora package name, at least the Qt the
# build used; and what AUTOREQ found by soname (Qt, SQLite, curl, cmark-gfm).
requires=$(q --requires)
for p in 'qt6-qtdeclarative >= 6' 'qt6-qtwebengine >= 6' 'qt6-qtwebchannel >= 6' \
         'libQt6Quick.so.6()(64bit)' 'libQt6WebEngineQuick.so.6()(64bit)' 'libQt6Gui.so.6()(64bit)' \
         'libsqlite3.so.0()(64bit)' 'libcurl.so.4()(64bit)' 'libcmark-gfm.so'; do
  grep -qF "$p" <<<"$requires" || fail "Requires lacks $p: $requires"
done
if grep -E '^(qml6-module|qt6-qpa-plugins|lib[a-z0-9-]+[0-9]$)' <<<"$requires"; then
  fail "Requires names Debian packages"
fi
recommends=$(q --recommends)
for p in google-noto-sans-cjk-vf-fonts google-noto-sans-cjk-fonts qt6-qtwayland; do
  grep -qF "$p" <<<"$recommends" || fail "Recommends lacks $p: $recommends"
done
grep -qx /usr/share/doc/qiusuo/THIRD-PARTY-LICENSES.md <<<"$(q --licensefiles)" \
  || fail "THIRD-PARTY-LICENSES.md is not marked %license"

# Files: everything under /usr, at the paths desktops look in. Directories:
# only its own; /usr/share/icons/hicolor/*/apps and the like belong to the
# filesystem and hicolor-icon-theme packages.
files=$(q --list)
for f in /usr/bin/qiusuo /usr/bin/qiusuo-cli /usr/bin/qiusuo-html2pdf \
         /usr/share/applications/$app_id.desktop /usr/share/metainfo/$app_id.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/$app_id.svg /usr/share/icons/hicolor/128x128/apps/$app_id.png \
         /usr/share/man/man1/qiusuo-cli.1.gz /usr/share/man/man1/qiusuo.1.gz; do
  grep -qx "$f" <<<"$files" || fail "$f is not in the package: $files"
done
outside=$(grep -v '^/usr/' <<<"$files" || true)
[ -z "$outside" ] || fail "files outside /usr: $outside"
# (/usr/lib/.build-id/NN: rpmbuild's links from each binary's build id, which
# every Fedora package shares.)
dirs=$(q --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' | awk '/^d/ {print $2}' | grep -v '^/usr/lib/\.build-id' || true)
[ "$dirs" = /usr/share/doc/qiusuo ] || fail "the package owns directories other than /usr/share/doc/qiusuo: $dirs"
[ "$(q --qf '%{PREFIXES}')" = "(none)" ] || fail "the package is relocatable: $(q --qf '%{PREFIXES}')"
grep -q "DeepSeek" <<<"$(q --qf '%{DESCRIPTION}')" || fail "the package has CPack's placeholder description"

root="$work/root"
mkdir -p "$root"
(cd "$root" && rpm2cpio "$rpmfile" | cpio -idm --quiet) || fail "rpm2cpio | cpio could not unpack the package"
check_unpacked_tree "$root" "$version" "$build" "$source"
echo "OK"
