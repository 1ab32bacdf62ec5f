# unpacked_tree.sh: checks shared by deb_smoke.sh and rpm_smoke.sh, sourced
# by them. check_unpacked_tree ROOT VERSION BUILD_DIR SOURCE_DIR looks at a
# package unpacked into ROOT (its /usr at ROOT/usr): every file at its path,
# one application id everywhere, valid metainfo and desktop entry, a man page
# that renders, no path of the build machine in any file, and the unpacked
# qiusuo-cli and qiusuo answering --version. The caller defines fail() and
# $work (a temporary folder it removes).

app_id=org.qiusuo.Qiusuo

check_unpacked_tree() {
  local root=$1 version=$2 build=$3 source=$4 f
  for f in usr/bin/qiusuo usr/bin/qiusuo-cli usr/bin/qiusuo-html2pdf \
           usr/share/applications/$app_id.desktop usr/share/metainfo/$app_id.metainfo.xml \
           usr/share/icons/hicolor/scalable/apps/$app_id.svg \
           usr/share/icons/hicolor/16x16/apps/$app_id.png \
           usr/share/icons/hicolor/48x48/apps/$app_id.png \
           usr/share/icons/hicolor/256x256/apps/$app_id.png \
           usr/share/man/man1/qiusuo-cli.1.gz usr/share/man/man1/qiusuo.1.gz \
           usr/share/doc/qiusuo/THIRD-PARTY-LICENSES.md; do
    [ -e "$root/$f" ] || fail "$f is not in the package"
  done

  # One id: the desktop entry's file name (what the app's desktopFileName and
  # a Wayland app_id must match), the metainfo's <id> and <launchable>, the
  # icon name the entry asks for.
  local desktop="$root/usr/share/applications/$app_id.desktop"
  local metainfo="$root/usr/share/metainfo/$app_id.metainfo.xml"
  grep -q "<id>$app_id</id>" "$metainfo" || fail "the metainfo's <id> is not $app_id"
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || fail "the metainfo's <launchable> is not $app_id.desktop"
  grep -qx "Icon=$app_id" "$desktop" || fail "the desktop entry's Icon is not $app_id"
  grep -q '^Exec=qiusuo' "$desktop" || fail "the desktop entry does not start qiusuo"
  # validate-tree: the metainfo, and the desktop entry it launches found in
  # the tree where a software centre looks.
  if command -v appstreamcli >/dev/null; then
    appstreamcli validate-tree --no-net "$root" >/dev/null || {
      appstreamcli validate-tree --no-net "$root" >&2
      fail "the AppStream metainfo does not validate"
    }
  else
    echo "note: appstreamcli is not installed; metainfo not validated" >&2
  fi
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" || fail "bad desktop entry"
  else
    echo "note: desktop-file-validate is not installed; desktop entry not validated" >&2
  fi
  if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$root/usr/share/man/man1/qiusuo-cli.1.gz" 2>/dev/null | grep -q "history export" \
      || fail "the man page does not render"
    MANWIDTH=80 man -l "$root/usr/share/man/man1/qiusuo.1.gz" 2>/dev/null | grep -q "QIUSUO_DATA_DIR" \
      || fail "the qiusuo man page does not render"
  fi

  # Nothing may point back at the machine that built it: no RPATH/RUNPATH,
  # no build or source path in any file (debug info, __FILE__, qrc sources).
  local leaks
  leaks=$(grep -rlF -e "$build" -e "$source" "$root" || true)
  [ -z "$leaks" ] || fail "files name the build machine's paths ($build, $source): $leaks"
  if command -v readelf >/dev/null; then
    for f in "$root"/usr/bin/*; do
      ! readelf -d "$f" | grep -qE 'R(UN)?PATH' || fail "$(basename "$f") has an RPATH: $(readelf -d "$f" | grep -E 'R(UN)?PATH')"
    done
  fi

  # The unpacked binaries run (from ROOT, not the build tree; the libraries
  # are this machine's).
  local out
  out=$("$root/usr/bin/qiusuo-cli" --version)
  [ "$out" = "qiusuo-cli $version" ] || fail "qiusuo-cli --version said: $out"
  echo "$out"
  out=$(run_app "$root/usr/bin/qiusuo" --version 2>&1)
  grep -q "$version" <<<"$out" || fail "qiusuo --version said: $out"
  echo "$out"
}

# run_app CMD...: runs CMD offscreen, in the English light UI, with a home of
# its own under $work (which the caller creates and removes).
run_app() {
  local home="$work/home"
  mkdir -p "$home/runtime"
  chmod 700 "$home/runtime"
  env -u QIUSUO_DATA_DIR HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/runtime" QT_QPA_PLATFORM=offscreen \
    QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox QIUSUO_LANG=en QIUSUO_THEME=light "$@"
}
