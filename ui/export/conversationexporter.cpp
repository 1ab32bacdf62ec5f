#include "conversationexporter.h"

#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/datadir.h"
#include "storage/exportjson.h"
#include "storage/exportmarkdown.h"
#include "storage/exportselection.h"
#include "storage/importer.h"
#include "storage/timestamp.h"
#include "ui/export/htmlexport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSaveFile>
#include <QTemporaryDir>

#include <exception>

namespace qiusuo::ui {

namespace {

bool writeFile(const QString& path, const std::string& bytes, QString& error)
{
    QSaveFile file(path); // written beside, renamed into place on commit
    if (!file.open(QIODevice::WriteOnly)
        || file.write(bytes.data(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size())
        || !file.commit()) {
        error = QCoreApplication::translate("qiusuo::ui::ConversationExporter", "Cannot write %1: %2")
                    .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

} // namespace

ConversationExporter::ConversationExporter(QObject* parent) : QObject(parent) {}

ConversationExporter::~ConversationExporter()
{
    if (process_) {
        process_->disconnect(this);
        process_->kill();
        process_->waitForFinished(2000);
    }
    if (!tempDir_.isEmpty())
        QDir(tempDir_).removeRecursively();
}

QString ConversationExporter::suggestedFileName(const QString& title, const QString& format) const
{
    QString name = title.trimmed();
    static const QString forbidden = QStringLiteral("/\\:*?\"<>|");
    for (QChar& c : name)
        if (forbidden.contains(c) || c.unicode() < 0x20)
            c = QLatin1Char('_');
    if (name.isEmpty())
        name = QStringLiteral("qiusuo-conversations");
    return name.left(80) + QLatin1Char('.') + format;
}

void ConversationExporter::exportTo(const QStringList& uuids, const QString& format, const QUrl& file,
                                    bool includeReasoning)
{
    if (busy())
        return;
    const QString path = file.toLocalFile();
    try {
        storage::OpenOptions options;
        options.createIfMissing = false;
        storage::Database db =
            storage::Database::open(storage::databasePath(storage::defaultDataDir()), options);
        storage::ConversationStore store(db);
        std::vector<std::int64_t> ids;
        if (uuids.isEmpty())
            ids = storage::allConversationIds(store);
        for (const QString& uuid : uuids)
            ids.push_back(store.conversationByUuid(uuid.toStdString()).id);

        std::string bytes;
        if (format == QLatin1String("json")) {
            bytes = storage::exportJson(store, ids, storage::nowMs());
        } else if (format == QLatin1String("md")) {
            bytes = storage::exportMarkdown(store, ids, {.includeReasoning = includeReasoning, .includeStats = true});
        } else {
            exporthtml::HtmlExportOptions html;
            html.includeReasoning = includeReasoning;
            html.expandReasoning = format == QLatin1String("pdf");
            html.lang = QLocale().name().startsWith(QLatin1String("zh")) ? "zh-CN" : "en";
            bytes = exporthtml::exportHtml(store, ids, html);
        }
        QString error;
        if (format != QLatin1String("pdf")) {
            const bool ok = writeFile(path, bytes, error);
            emit finished(ok, ok ? tr("Exported to %1.").arg(QDir::toNativeSeparators(path)) : error);
            return;
        }
        // PDF: the page goes to a temporary file, qiusuo-html2pdf prints it.
        const QString printer = QCoreApplication::applicationDirPath() + QStringLiteral("/qiusuo-html2pdf");
        if (!QFileInfo(printer).isExecutable()) {
            emit finished(false, tr("PDF export needs qiusuo-html2pdf next to the app; export HTML instead and "
                                    "print it from a browser."));
            return;
        }
        QTemporaryDir tmp;
        tmp.setAutoRemove(false);
        tempDir_ = tmp.path();
        const QString html = tmp.filePath(QStringLiteral("export.html"));
        if (!writeFile(html, bytes, error)) {
            emit finished(false, error);
            return;
        }
        pdfTarget_ = path;
        process_ = std::make_unique<QProcess>();
        process_->setProcessChannelMode(QProcess::MergedChannels);
        connect(process_.get(), &QProcess::finished, this, &ConversationExporter::finishPdf);
        process_->start(printer, {html, path});
        emit busyChanged();
    } catch (const std::exception& e) {
        emit finished(false, QString::fromUtf8(e.what()));
    }
}

void ConversationExporter::finishPdf(int exitCode, QProcess::ExitStatus status)
{
    const QString output = QString::fromUtf8(process_->readAll()).trimmed();
    process_.release()->deleteLater();
    QDir(tempDir_).removeRecursively();
    tempDir_.clear();
    emit busyChanged();
    if (status == QProcess::NormalExit && exitCode == 0)
        emit finished(true, tr("Exported to %1.").arg(QDir::toNativeSeparators(pdfTarget_)));
    else
        emit finished(false, tr("Printing the PDF failed: %1").arg(output));
}

void ConversationExporter::importFrom(const QUrl& file)
{
    if (busy())
        return;
    try {
        storage::Database db = storage::Database::open(storage::databasePath(storage::defaultDataDir()));
        const storage::ImportResult r = storage::importConversations(db, file.toLocalFile().toStdString());
        QString message = tr("Imported %n conversation(s)", nullptr, r.conversationsImported);
        if (!r.skippedTitles.empty())
            message += tr("; %n already present", nullptr, static_cast<int>(r.skippedTitles.size()));
        emit finished(true, message + QLatin1Char('.'));
    } catch (const std::exception& e) {
        emit finished(false, QString::fromUtf8(e.what()));
    }
}

} // namespace qiusuo::ui
