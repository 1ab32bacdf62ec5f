// The theme and font size settings applied to the real window, offscreen:
// changed in the settings object the settings dialog edits, they re-theme
// and re-size the window and the transcript bridge at once; saved, they
// apply at the next start; QIUSUO_THEME overrides the theme. The window's
// "⋯" menu opens Export, Settings and About with the mouse.
#include "tests/ui/mainwindowfixture.h"
#include "ui/themeswitcher.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>
#include <QQuickItem>
#include <QSettings>
#include <QtWebEngineQuick/qtwebenginequickglobal.h>

using qiusuo::test::MainWindowFixture;

namespace {

const QColor kDarkBackground(QStringLiteral("#1c1d21"));
const QColor kLightBackground(QStringLiteral("#ffffff"));

} // namespace

class TestAppearance : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void themeFollowsTheSettingAtOnce();
    void environmentOverridesTheThemeSetting();
    void fontSizeScalesTheWindowAtOnce();
    void savedThemeAndFontSizeApplyAtStartup();
    void menuOpensExportSettingsAndAbout();

private:
    bool dark() const { return f_.theme()->property("dark").toBool(); }
    /// Clicks the middle of the item named `objectName`.
    void click(const char* objectName)
    {
        auto* item = qobject_cast<QQuickItem*>(f_.find(objectName));
        QVERIFY2(item, objectName);
        QTRY_VERIFY(item->isVisible() && item->width() > 0);
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        QTest::mouseClick(f_.window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    }
    /// Opens the "⋯" menu and chooses `entry`.
    void choose(const char* entry)
    {
        QObject* menu = f_.find("appMenu");
        QVERIFY(menu);
        click("appMenuButton");
        QTRY_VERIFY(menu->property("opened").toBool());
        click(entry);
        QTRY_VERIFY(!menu->property("visible").toBool());
    }

    MainWindowFixture f_;
};

void TestAppearance::init()
{
    qunsetenv("QIUSUO_THEME");
    f_.createProfile();
    f_.openWindow();
}

void TestAppearance::cleanup()
{
    f_.destroy();
    qunsetenv("QIUSUO_THEME");
    qiusuo::ui::ThemeSwitcher::applyToApplication(QStringLiteral("system"));
}

void TestAppearance::themeFollowsTheSettingAtOnce()
{
    // The offscreen platform's own palette is light.
    QCOMPARE(f_.settings()->property("theme").toString(), QStringLiteral("system"));
    QVERIFY(!dark());
    QCOMPARE(f_.window->color(), kLightBackground);
    QCOMPARE(f_.bridge->theme(), QStringLiteral("light"));

    f_.settings()->setProperty("theme", QStringLiteral("dark"));
    QTRY_VERIFY(dark());
    QCOMPARE(f_.window->color(), kDarkBackground);
    QCOMPARE(QGuiApplication::palette().color(QPalette::Window), kDarkBackground);
    QCOMPARE(f_.bridge->theme(), QStringLiteral("dark"));
    // Controls follow too: the composer's text is drawn in the theme's text colour.
    QObject* input = f_.find("composerInput");
    QVERIFY(input);
    QCOMPARE(input->property("color").value<QColor>(), QColor(QStringLiteral("#e6e7ea")));

    f_.settings()->setProperty("theme", QStringLiteral("light"));
    QTRY_VERIFY(!dark());
    QCOMPARE(f_.window->color(), kLightBackground);
    QCOMPARE(f_.bridge->theme(), QStringLiteral("light"));

    // Back to the system's palette after a fixed one.
    f_.settings()->setProperty("theme", QStringLiteral("dark"));
    QTRY_VERIFY(dark());
    f_.settings()->setProperty("theme", QStringLiteral("system"));
    QTRY_VERIFY(!dark());
    QCOMPARE(f_.bridge->theme(), QStringLiteral("light"));
}

void TestAppearance::environmentOverridesTheThemeSetting()
{
    qputenv("QIUSUO_THEME", "dark");
    f_.settings()->setProperty("theme", QStringLiteral("light"));
    QTRY_VERIFY(dark());
    QCOMPARE(f_.window->color(), kDarkBackground);
    QCOMPARE(f_.find("themeSwitcher")->property("effectiveTheme").toString(), QStringLiteral("dark"));
}

void TestAppearance::fontSizeScalesTheWindowAtOnce()
{
    QObject* input = f_.find("composerInput");
    QVERIFY(input);
    QCOMPARE(input->property("font").value<QFont>().pixelSize(), 14);
    QCOMPARE(f_.bridge->fontSize(), 14);

    f_.settings()->setProperty("fontSize", 20);
    QTRY_COMPARE(f_.theme()->property("bodyFont").toReal(), 20.0);
    QCOMPARE(f_.theme()->property("smallFont").toReal(), qreal(qRound(20 * 12 / 14.0)));
    QCOMPARE(f_.theme()->property("titleFont").toReal(), qreal(qRound(20 * 17 / 14.0)));
    QCOMPARE(input->property("font").value<QFont>().pixelSize(), 20);
    QCOMPARE(f_.window->property("font").value<QFont>().pixelSize(), 20);
    QCOMPARE(f_.bridge->fontSize(), 20);

    // Out of range: the settings clamp it, and so does everything after them.
    f_.settings()->setProperty("fontSize", 60);
    QTRY_COMPARE(input->property("font").value<QFont>().pixelSize(), 28);
    QCOMPARE(f_.bridge->fontSize(), 28);
}

void TestAppearance::savedThemeAndFontSizeApplyAtStartup()
{
    const QString file = f_.settings()->property("fileName").toString();
    QVERIFY(file.startsWith(f_.dir->path()));
    f_.closeWindow();
    qiusuo::ui::ThemeSwitcher::applyToApplication(QStringLiteral("system"));
    {
        // As a previous run of the app left them.
        QSettings saved(file, QSettings::IniFormat);
        saved.setValue(QStringLiteral("appearance/theme"), QStringLiteral("dark"));
        saved.setValue(QStringLiteral("appearance/fontSize"), 18);
    }
    f_.openWindow();
    QVERIFY(dark());
    QCOMPARE(f_.window->color(), kDarkBackground);
    QCOMPARE(f_.find("composerInput")->property("font").value<QFont>().pixelSize(), 18);
    QCOMPARE(f_.bridge->theme(), QStringLiteral("dark"));
    QCOMPARE(f_.bridge->fontSize(), 18);
}

void TestAppearance::menuOpensExportSettingsAndAbout()
{
    const struct {
        const char* entry;
        const char* dialog;
    } cases[] = {
        {"appMenuExport", "exportDialog"},
        {"appMenuSettings", "settingsDialog"},
        {"appMenuAbout", "aboutDialog"},
    };
    for (const auto& c : cases) {
        QObject* dialog = f_.find(c.dialog);
        QVERIFY2(dialog, c.dialog);
        QVERIFY(!dialog->property("visible").toBool());
        choose(c.entry);
        QTRY_VERIFY2(dialog->property("opened").toBool(), c.dialog);
        QMetaObject::invokeMethod(dialog, "close");
        QTRY_VERIFY2(!dialog->property("visible").toBool(), c.dialog);
    }
}

int main(int argc, char** argv)
{
    // WebEngine (the transcript view in Main.qml) must be initialised before
    // the application object.
    QtWebEngineQuick::initialize();
    QGuiApplication app(argc, argv);
    TestAppearance test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_appearance.moc"
