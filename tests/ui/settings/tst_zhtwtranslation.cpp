// The zh_TW translation (tests/ui/tst_translations.cpp checks zh_CN): every
// entry finished, nothing in the sources missing from it, and the compiled
// file answers in Traditional characters where zh_CN uses Simplified ones.
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

namespace {

const QString kSourceDir = QStringLiteral(QIUSUO_SOURCE_DIR);

QString compile(const QTemporaryDir& dir, const QString& language)
{
    const QString qm = dir.filePath(QStringLiteral("qiusuo_%1.qm").arg(language));
    QProcess lrelease;
    lrelease.setProcessChannelMode(QProcess::MergedChannels);
    lrelease.start(QStringLiteral(QIUSUO_LRELEASE),
                   {QStringLiteral("-silent"), kSourceDir + QStringLiteral("/translations/qiusuo_%1.ts").arg(language),
                    QStringLiteral("-qm"), qm});
    if (!lrelease.waitForFinished(60'000) || lrelease.exitCode() != 0)
        return {};
    return qm;
}

} // namespace

class TestZhTwTranslation : public QObject {
    Q_OBJECT

private slots:
    void completeAfterLupdate()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = dir.filePath(QStringLiteral("qiusuo_zh_TW.ts"));
        QVERIFY(QFile::copy(kSourceDir + QStringLiteral("/translations/qiusuo_zh_TW.ts"), copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(QIUSUO_LUPDATE),
                      {QStringLiteral("-silent"), QStringLiteral("-no-obsolete"), QStringLiteral("-locations"),
                       QStringLiteral("none"), QStringLiteral("-extensions"), QStringLiteral("cpp,h,qml"),
                       kSourceDir + QStringLiteral("/ui"), kSourceDir + QStringLiteral("/app/desktop"),
                       QStringLiteral("-ts"), copy});
        QVERIFY2(lupdate.waitForFinished(60'000), "lupdate did not finish in 60 s");
        QFile file(copy);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("language=\"zh_TW\""));
        QVERIFY2(!text.contains("type=\"unfinished\""), "zh_TW has entries left to translate: run lupdate and translate them");
        QVERIFY(text.count("<message") >= 30);
    }

    void answersInTraditionalCharacters()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString tw = compile(dir, QStringLiteral("zh_TW"));
        const QString cn = compile(dir, QStringLiteral("zh_CN"));
        QVERIFY(!tw.isEmpty() && !cn.isEmpty());
        QTranslator traditional;
        QVERIFY(traditional.load(tw));
        QTranslator simplified;
        QVERIFY(simplified.load(cn));
        // 設定 / 设置, 下載 / 下载, 伺服器 / 服务器: the same page, two scripts.
        QCOMPARE(traditional.translate("SettingsDialog", "Settings"), QStringLiteral("設定"));
        QCOMPARE(simplified.translate("SettingsDialog", "Settings"), QStringLiteral("设置"));
        QCOMPARE(traditional.translate("ModelDownloadsPage", "Download"), QStringLiteral("下載"));
        QVERIFY(traditional.translate("ProvidersPage", "Add server").contains(QStringLiteral("伺服器")));
        QVERIFY(traditional.translate("Sidebar", "New chat").contains(QStringLiteral("對話"))
                || traditional.translate("Sidebar", "New chat").contains(QStringLiteral("聊天")));
    }
};

QTEST_GUILESS_MAIN(TestZhTwTranslation)
#include "tst_zhtwtranslation.moc"
