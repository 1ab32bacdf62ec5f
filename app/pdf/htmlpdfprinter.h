#pragma once
/// @brief Loads an exported HTML page in an off-screen WebEngine page, waits
/// until its script has typeset the math and highlighted the code and its
/// fonts are loaded, then prints it to PDF (or, for tests, reports what the
/// page rendered).

#include <QObject>
#include <QPageLayout>
#include <QString>
#include <QTimer>

class QWebEnginePage;

namespace qiusuo::pdf {

class HtmlPdfPrinter : public QObject {
    Q_OBJECT
public:
    /// `pdfPath` empty: probe mode (print a JSON summary to stdout instead).
    HtmlPdfPrinter(QString htmlPath, QString pdfPath, QPageLayout layout, QObject* parent = nullptr);

    /// Starts; finished(exitCode) follows.
    void start();

signals:
    void finished(int exitCode);

private:
    void poll();
    void fail(const QString& why);

    QString htmlPath_;
    QString pdfPath_;
    QPageLayout layout_;
    QWebEnginePage* page_ = nullptr;
    QTimer poll_;
    int polls_ = 0;
};

} // namespace qiusuo::pdf
