// Messages of classes in namespaces reach the user in Chinese: lupdate files
// tr() in qiusuo::ui::ChatController under "ChatController", while the
// class's tr() asks for "qiusuo::ui::ChatController" (its meta-object's
// class name, as QCoreApplication::translate is called below);
// QualifiedTranslator finds it, a plain QTranslator does not.
#include "ui/qualifiedtranslator.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

namespace {
QString trChatController(const char* text)
{
    return QCoreApplication::translate("qiusuo::ui::ChatController", text);
}
} // namespace

class TestQualifiedTranslator : public QObject {
    Q_OBJECT
private slots:
    void findsMessagesOfNamespacedClasses()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString qm = dir.filePath(QStringLiteral("qiusuo_zh_CN.qm"));
        QProcess lrelease;
        lrelease.setProcessChannelMode(QProcess::MergedChannels);
        lrelease.start(QStringLiteral(QIUSUO_LRELEASE),
                       {QStringLiteral(QIUSUO_SOURCE_DIR "/translations/qiusuo_zh_CN.ts"), QStringLiteral("-qm"), qm});
        QVERIFY2(lrelease.waitForFinished(60'000), "lrelease did not finish in 60 s");
        QVERIFY2(lrelease.exitCode() == 0, lrelease.readAll().constData());

        const QString english = trChatController("New chat");
        QCOMPARE(english, QStringLiteral("New chat"));

        QTranslator plain;
        QVERIFY(plain.load(qm));
        QCoreApplication::installTranslator(&plain);
        const QString viaPlain = trChatController("New chat");
        QCoreApplication::removeTranslator(&plain);

        qiusuo::ui::QualifiedTranslator qualified;
        QVERIFY(qualified.load(qm));
        QCoreApplication::installTranslator(&qualified);
        const QString viaQualified = trChatController("New chat");
        // Not-translated text stays the source text, never empty.
        const QString unknown = trChatController("No such message in any translation");
        QCoreApplication::removeTranslator(&qualified);

        QCOMPARE(viaQualified, QStringLiteral("新对话"));
        QCOMPARE(unknown, QStringLiteral("No such message in any translation"));
        // Documents why the class exists: if lupdate ever writes qualified
        // contexts, the plain translator finds them too and this can go.
        QCOMPARE(viaPlain, english);
    }
};

QTEST_MAIN(TestQualifiedTranslator)

#include "tst_qualifiedtranslator.moc"
