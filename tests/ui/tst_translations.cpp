// The zh_CN translation is complete: every entry of the committed .ts file is
// translated, lupdate finds no source string missing from it, and the
// compiled translations answer in Chinese (plurals included).
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

const QString kSourceDir = QStringLiteral(QIUSUO_SOURCE_DIR);
const QString kTsFile = kSourceDir + QStringLiteral("/translations/qiusuo_zh_CN.ts");

struct TsReport {
    int messages = 0;
    QStringList problems; ///< "context: source (why)"
};

/// Reads a .ts file and lists every entry that is not a finished, non-empty
/// translation.
TsReport inspectTs(const QString& path)
{
    TsReport report;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        report.problems << QStringLiteral("cannot open %1").arg(path);
        return report;
    }
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            ++report.messages;
            source.clear();
        } else if (name == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const QString where = context + QStringLiteral(": ") + source;
            if (!type.isEmpty()) {
                report.problems << where + QStringLiteral(" (") + type + QLatin1Char(')');
                continue;
            }
            // Either plain text or <numerusform> children; all must be filled.
            QString text;
            int forms = 0;
            bool emptyForm = false;
            while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text();
                if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                    ++forms;
                    if (xml.readElementText().trimmed().isEmpty())
                        emptyForm = true;
                }
            }
            if (forms == 0 && text.trimmed().isEmpty())
                report.problems << where + QStringLiteral(" (empty)");
            if (emptyForm)
                report.problems << where + QStringLiteral(" (empty plural form)");
        }
    }
    if (xml.hasError())
        report.problems << QStringLiteral("XML error: ") + xml.errorString();
    return report;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void committedFileIsComplete();
    void everySourceStringIsTranslated();
    void compiledTranslationAnswersInChinese();
};

void TestTranslations::committedFileIsComplete()
{
    const TsReport report = inspectTs(kTsFile);
    QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    // The UI has dozens of strings; a near-empty file means lupdate found none.
    QVERIFY2(report.messages >= 30, qPrintable(QString::number(report.messages)));
}

void TestTranslations::everySourceStringIsTranslated()
{
    // Run lupdate over the sources into a copy: a string added to the code
    // but not to the .ts shows up as unfinished there.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QStringLiteral("qiusuo_zh_CN.ts"));
    QVERIFY(QFile::copy(kTsFile, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);

    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(QIUSUO_LUPDATE),
                  {QStringLiteral("-silent"), QStringLiteral("-no-obsolete"), QStringLiteral("-locations"),
                   QStringLiteral("none"), QStringLiteral("-extensions"), QStringLiteral("cpp,h,qml"),
                   kSourceDir + QStringLiteral("/ui"), kSourceDir + QStringLiteral("/app/desktop"),
                   QStringLiteral("-ts"), copy});
    QVERIFY2(lupdate.waitForFinished(60'000), "lupdate did not finish in 60 s");
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());

    const TsReport report = inspectTs(copy);
    QVERIFY2(report.problems.isEmpty(),
             qPrintable(QStringLiteral("Run the update_translations target and translate:\n")
                        + report.problems.join(QLatin1Char('\n'))));
}

void TestTranslations::compiledTranslationAnswersInChinese()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString qm = dir.filePath(QStringLiteral("qiusuo_zh_CN.qm"));
    QProcess lrelease;
    lrelease.setProcessChannelMode(QProcess::MergedChannels);
    lrelease.start(QStringLiteral(QIUSUO_LRELEASE), {QStringLiteral("-silent"), kTsFile, QStringLiteral("-qm"), qm});
    QVERIFY2(lrelease.waitForFinished(60'000), "lrelease did not finish in 60 s");
    QVERIFY2(lrelease.exitCode() == 0, lrelease.readAll().constData());

    QTranslator translator;
    QVERIFY(translator.load(qm));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const QRegularExpression han(QStringLiteral("\\p{Han}"));

    const QString newChat = QCoreApplication::translate("Sidebar", "New chat");
    QVERIFY2(newChat.contains(han), qPrintable(newChat));
    // The context of Q_DECLARE_TR_FUNCTIONS(RelativeTime) must match what
    // lupdate recorded, or the sidebar's times would stay English.
    const QString minutes = QCoreApplication::translate("RelativeTime", "%n min ago", "minutes", 5);
    QVERIFY2(minutes.contains(QLatin1Char('5')) && minutes.contains(han), qPrintable(minutes));
    const QString yesterday = QCoreApplication::translate("RelativeTime", "Yesterday");
    QVERIFY2(yesterday.contains(han), qPrintable(yesterday));
    QCoreApplication::removeTranslator(&translator);
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
