#include "app/pdf/htmlpdfprinter.h"

#include <QFileInfo>
#include <QTextStream>
#include <QUrl>
#include <QVariant>
#include <QWebEnginePage>

#include <cstdio>

namespace qiusuo::pdf {

namespace {

constexpr int kPollMs = 50;
constexpr int kMaxPolls = 600; // 30 s: a very long export on a slow machine

/// Ready when our script is done and every font (KaTeX's, the CJK ones) is in.
const char* const kReadyProbe =
    "document.documentElement.dataset.rendered === 'true' && document.fonts.status === 'loaded'";

/// What tests check: math typeset, code highlighted, and whether anything a
/// message smuggled in ran (it would set window.__qiusuoPwned).
const char* const kSummaryProbe =
    "JSON.stringify({rendered: document.documentElement.dataset.rendered === 'true',"
    " katex: document.querySelectorAll('.katex').length,"
    " katexErrors: document.querySelectorAll('.katex-error').length,"
    " highlighted: document.querySelectorAll('pre code.hljs').length,"
    " scripts: document.scripts.length,"
    " pwned: typeof window.__qiusuoPwned !== 'undefined'})";

} // namespace

HtmlPdfPrinter::HtmlPdfPrinter(QString htmlPath, QString pdfPath, QPageLayout layout, QObject* parent)
    : QObject(parent), htmlPath_(std::move(htmlPath)), pdfPath_(std::move(pdfPath)), layout_(layout)
{
    poll_.setInterval(kPollMs);
    connect(&poll_, &QTimer::timeout, this, &HtmlPdfPrinter::poll);
}

void HtmlPdfPrinter::start()
{
    if (!QFileInfo(htmlPath_).isFile())
        return fail(QStringLiteral("%1 does not exist.").arg(htmlPath_));
    page_ = new QWebEnginePage(this);
    connect(page_, &QWebEnginePage::loadFinished, this, [this](bool ok) {
        if (!ok)
            return fail(QStringLiteral("%1 could not be loaded.").arg(htmlPath_));
        poll_.start();
    });
    connect(page_, &QWebEnginePage::pdfPrintingFinished, this, [this](const QString&, bool ok) {
        if (!ok)
            return fail(QStringLiteral("printing to %1 failed (is the folder writable?).").arg(pdfPath_));
        emit finished(0);
    });
    page_->load(QUrl::fromLocalFile(QFileInfo(htmlPath_).absoluteFilePath()));
}

void HtmlPdfPrinter::poll()
{
    if (++polls_ > kMaxPolls) {
        poll_.stop();
        return fail(QStringLiteral("the page did not finish typesetting within 30 seconds."));
    }
    page_->runJavaScript(QString::fromLatin1(kReadyProbe), [this](const QVariant& ready) {
        if (!ready.toBool() || !poll_.isActive())
            return;
        poll_.stop();
        if (pdfPath_.isEmpty()) {
            page_->runJavaScript(QString::fromLatin1(kSummaryProbe), [this](const QVariant& summary) {
                QTextStream(stdout) << summary.toString() << '\n';
                emit finished(0);
            });
            return;
        }
        page_->printToPdf(pdfPath_, layout_);
    });
}

void HtmlPdfPrinter::fail(const QString& why)
{
    std::fprintf(stderr, "qiusuo-html2pdf: %s\n", qPrintable(why));
    emit finished(1);
}

} // namespace qiusuo::pdf
