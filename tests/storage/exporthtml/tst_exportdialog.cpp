// ExportDialog.qml and AboutDialog.qml load without QML errors, open, offer
// the formats and the scope, and the About dialog shows the one version.
#include <QCoreApplication>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>

class TestExportDialog : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        warnings_.clear();
        engine_ = std::make_unique<QQmlApplicationEngine>();
        engine_->addImportPath(QStringLiteral(":/"));
        connect(engine_.get(), &QQmlEngine::warnings, this, [this](const QList<QQmlError>& list) {
            for (const auto& w : list)
                warnings_ << w.toString();
        });
        engine_->loadData(R"(
import QtQuick
import QtQuick.Controls
import Qiusuo
ApplicationWindow {
    width: 900; height: 700; visible: true
    property alias exportDialog: exportDialog
    property alias aboutDialog: aboutDialog
    ExportDialog { id: exportDialog; conversationId: "0123abcd"; conversationTitle: "勾股定理" }
    AboutDialog { id: aboutDialog }
})");
        QVERIFY2(!engine_->rootObjects().isEmpty(), qPrintable(warnings_.join('\n')));
        window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().constFirst());
        QVERIFY(window_);
    }
    void cleanup() { engine_.reset(); }

    void exportDialogOpensWithFormatsAndScope()
    {
        auto* dialog = window_->property("exportDialog").value<QObject*>();
        QVERIFY(dialog);
        QMetaObject::invokeMethod(dialog, "open");
        QTRY_VERIFY(dialog->property("visible").toBool());
        QCOMPARE(dialog->property("format").toString(), QStringLiteral("md"));
        const QStringList texts = visibleTexts(dialog);
        QVERIFY2(texts.contains(QStringLiteral("This conversation: 勾股定理")), qPrintable(texts.join('|')));
        QVERIFY2(texts.contains(QStringLiteral("All conversations, archived ones too")), qPrintable(texts.join('|')));
        QVERIFY2(texts.contains(QStringLiteral("Export…")), qPrintable(texts.join('|')));
        QVERIFY2(texts.contains(QStringLiteral("Import…")), qPrintable(texts.join('|')));
        QVERIFY2(warnings_.isEmpty(), qPrintable(warnings_.join('\n')));
    }

    void aboutDialogShowsTheVersion()
    {
        auto* dialog = window_->property("aboutDialog").value<QObject*>();
        QVERIFY(dialog);
        QMetaObject::invokeMethod(dialog, "open");
        QTRY_VERIFY(dialog->property("visible").toBool());
        const QStringList texts = visibleTexts(dialog);
        QVERIFY2(texts.contains(QStringLiteral("Version ") + QStringLiteral(QIUSUO_VERSION)), qPrintable(texts.join('|')));
        for (const char* component : {"Qt 6", "KaTeX", "highlight.js", "cmark-gfm", "SQLite"}) {
            bool found = false;
            for (const QString& t : texts)
                found = found || t.startsWith(QLatin1String(component));
            QVERIFY2(found, component);
        }
        QVERIFY2(warnings_.isEmpty(), qPrintable(warnings_.join('\n')));
    }

private:
    /// The text of every visible item in the dialog's popup.
    QStringList visibleTexts(QObject* dialog)
    {
        QStringList out;
        auto* content = dialog->property("contentItem").value<QQuickItem*>();
        QList<QQuickItem*> pending;
        if (auto* background = dialog->property("background").value<QQuickItem*>())
            pending << background->parentItem();
        else if (content)
            pending << content;
        while (!pending.isEmpty()) {
            QQuickItem* item = pending.takeLast();
            pending += item->childItems();
            const QVariant text = item->property("text");
            if (item->isVisible() && text.isValid() && !text.toString().isEmpty())
                out << text.toString();
        }
        return out;
    }

    std::unique_ptr<QQmlApplicationEngine> engine_;
    QQuickWindow* window_ = nullptr;
    QStringList warnings_;
};

int main(int argc, char** argv)
{
    QCoreApplication::setApplicationVersion(QStringLiteral(QIUSUO_VERSION));
    QGuiApplication app(argc, argv);
    TestExportDialog test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_exportdialog.moc"
