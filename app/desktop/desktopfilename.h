#pragma once
/// @brief The desktop entry's id, which the window registers itself under.

namespace qiusuo::desktop {

/// packaging/<id>.desktop is installed as share/applications/<id>.desktop
/// (and named in the AppStream metainfo's launchable): desktops match the
/// running window to it (Wayland's app id, the taskbar's icon and name)
/// through QGuiApplication::desktopFileName. Never changes.
inline constexpr char kDesktopFileName[] = "org.qiusuo.Qiusuo";

} // namespace qiusuo::desktop
