// qiusuo-html2pdf IN.html OUT.pdf [--paper a4|letter]
// qiusuo-html2pdf --probe IN.html   (prints what the page rendered, for tests)
// Runs without a display (offscreen); as root Chromium's sandbox is off.
#include "app/pdf/htmlpdfprinter.h"

#include <QGuiApplication>
#include <QMarginsF>
#include <QPageSize>
#include <QStringList>
#include <QTimer>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

int usage()
{
    std::fprintf(stderr, "Usage: qiusuo-html2pdf IN.html OUT.pdf [--paper a4|letter]\n"
                         "       qiusuo-html2pdf --probe IN.html\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    // A printer needs no window: offscreen unless the caller chose a platform.
    if (!std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    if (geteuid() == 0 && !std::getenv("QTWEBENGINE_DISABLE_SANDBOX"))
        setenv("QTWEBENGINE_DISABLE_SANDBOX", "1", 1); // Chromium refuses to sandbox as root
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);

    QString html, pdf;
    QPageSize::PageSizeId paper = QPageSize::A4;
    bool probe = false;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--probe")) {
            probe = true;
        } else if (args[i] == QLatin1String("--paper") && i + 1 < args.size()) {
            const QString p = args[++i].toLower();
            if (p == QLatin1String("letter"))
                paper = QPageSize::Letter;
            else if (p != QLatin1String("a4"))
                return usage();
        } else if (html.isEmpty()) {
            html = args[i];
        } else if (pdf.isEmpty()) {
            pdf = args[i];
        } else {
            return usage();
        }
    }
    if (html.isEmpty() || (pdf.isEmpty() != probe))
        return usage();

    const QPageLayout layout(QPageSize(paper), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                             QPageLayout::Millimeter);
    qiusuo::pdf::HtmlPdfPrinter printer(html, pdf, layout);
    QObject::connect(&printer, &qiusuo::pdf::HtmlPdfPrinter::finished, &app, &QCoreApplication::exit);
    // Started from the event loop, so an early failure's exit() is not lost.
    QTimer::singleShot(0, &printer, &qiusuo::pdf::HtmlPdfPrinter::start);
    return app.exec();
}
