// The model library on real files: a tiny reference model described from its
// metadata (architecture, quantization, trained context from the model's
// config), the memory estimate (file + F16 KV cache, computed here from the
// config's shape), a broken file listed with the engine's message, partial
// downloads and other files never listed, folders and single files added and
// kept across a restart. QAbstractItemModelTester watches every change.
#include "ui/settings/modellibrarymodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using qiusuo::ui::ModelLibraryModel;

namespace {

QString testdata(const QString& relative)
{
    const QByteArray root = qgetenv("QIUSUO_TESTDATA");
    return root.isEmpty() ? QString() : QString::fromLocal8Bit(root) + QLatin1Char('/') + relative;
}

bool scan(ModelLibraryModel& library)
{
    QSignalSpy done(&library, &ModelLibraryModel::scanFinished);
    library.rescan();
    return done.wait(20'000);
}

QVariant role(const ModelLibraryModel& library, const QString& path, int role)
{
    return library.data(library.index(library.indexOfPath(path)), role);
}

} // namespace

class TestModelLibrary : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        qputenv("QIUSUO_DATA_DIR", dir_->path().toLocal8Bit());
        QVERIFY(QDir().mkpath(dir_->filePath(QStringLiteral("models"))));
        source_ = testdata(QStringLiteral("models/tiny-qwen2-Q8_0.gguf"));
        if (source_.isEmpty() || !QFile::exists(source_))
            QSKIP("../shared/testdata/models/tiny-qwen2-Q8_0.gguf is not here (set QIUSUO_TESTDATA)");
        QFile config(testdata(QStringLiteral("models/tiny-qwen2.gguf.config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        config_ = QJsonDocument::fromJson(config.readAll()).object();
    }

    void describesModelsAndSkipsPartialDownloads()
    {
        ModelLibraryModel library;
        QAbstractItemModelTester tester(&library, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString models = library.defaultFolder();
        QCOMPARE(models, dir_->filePath(QStringLiteral("models")));
        const QString good = models + QStringLiteral("/tiny-qwen2-Q8_0.gguf");
        QVERIFY(QFile::copy(source_, good));
        QVERIFY(QFile::copy(source_, models + QStringLiteral("/downloading.gguf.part")));
        QFile notes(models + QStringLiteral("/README.txt"));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not a model");
        notes.close();
        // The first 100 KB of a model: an interrupted copy.
        QFile whole(source_);
        QVERIFY(whole.open(QIODevice::ReadOnly));
        QFile broken(models + QStringLiteral("/broken.gguf"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(whole.read(100'000));
        broken.close();

        QVERIFY(scan(library));
        QCOMPARE(library.count(), 2);
        QCOMPARE(library.indexOfPath(models + QStringLiteral("/downloading.gguf.part")), -1);

        QCOMPARE(role(library, good, ModelLibraryModel::ArchitectureRole).toString(), config_.value("arch").toString());
        QCOMPARE(role(library, good, ModelLibraryModel::QuantizationRole).toString(), QStringLiteral("Q8_0"));
        QCOMPARE(role(library, good, ModelLibraryModel::ContextLengthRole).toLongLong(),
                 config_.value("n_ctx_train").toInteger());
        QCOMPARE(role(library, good, ModelLibraryModel::FileSizeRole).toLongLong(), QFileInfo(good).size());
        QVERIFY(role(library, good, ModelLibraryModel::ParametersRole).toLongLong() > 0);
        QVERIFY(role(library, good, ModelLibraryModel::ErrorRole).toString().isEmpty());

        const QString error = role(library, models + QStringLiteral("/broken.gguf"), ModelLibraryModel::ErrorRole).toString();
        QVERIFY2(error.contains(QStringLiteral("broken.gguf")), qPrintable(error));
        QVERIFY(!role(library, models + QStringLiteral("/broken.gguf"), ModelLibraryModel::FitsRole).toBool());
        QSignalSpy chosen(&library, &ModelLibraryModel::modelChosen);
        library.choose(models + QStringLiteral("/broken.gguf"));
        QCOMPARE(chosen.count(), 0);
        QCOMPARE(library.lastError(), error);
        library.choose(good);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), good);
    }

    void memoryEstimateIsWeightsPlusKvCache()
    {
        ModelLibraryModel library;
        QAbstractItemModelTester tester(&library, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString good = library.defaultFolder() + QStringLiteral("/tiny.gguf");
        QVERIFY(QFile::copy(source_, good));
        QVERIFY(scan(library));

        // F16 keys and values: layers x kv heads x (key + value length) x 2 bytes per token.
        const qint64 perToken = config_.value("n_layer").toInteger() * config_.value("n_head_kv").toInteger()
                                * 2 * config_.value("head_dim").toInteger() * 2;
        const qint64 trained = config_.value("n_ctx_train").toInteger();
        const qint64 size = QFileInfo(good).size();

        library.setContextLength(256);
        QCOMPARE(role(library, good, ModelLibraryModel::MemoryNeededRole).toLongLong(), size + perToken * 256);
        library.setContextLength(100'000); // more than the model was trained for: capped
        QCOMPARE(role(library, good, ModelLibraryModel::MemoryNeededRole).toLongLong(), size + perToken * trained);

        const qint64 needed = size + perToken * trained;
        library.setMemoryBytes(needed);
        QVERIFY(role(library, good, ModelLibraryModel::FitsRole).toBool());
        QVERIFY(role(library, good, ModelLibraryModel::FitTextRole).toString().startsWith(QStringLiteral("Fits")));
        library.setMemoryBytes(needed - 1);
        QVERIFY(!role(library, good, ModelLibraryModel::FitsRole).toBool());
        QVERIFY(role(library, good, ModelLibraryModel::FitTextRole).toString().startsWith(QStringLiteral("Too large")));
    }

    void foldersAndFilesAreAddedAndRemembered()
    {
        QTemporaryDir elsewhere;
        QTemporaryDir single;
        const QString inFolder = elsewhere.filePath(QStringLiteral("sub/in-folder.gguf"));
        QVERIFY(QDir().mkpath(elsewhere.filePath(QStringLiteral("sub"))));
        QVERIFY(QFile::copy(source_, inFolder));
        const QString loose = single.filePath(QStringLiteral("dropped.gguf"));
        QVERIFY(QFile::copy(source_, loose));
        {
            ModelLibraryModel library;
            QAbstractItemModelTester tester(&library, QAbstractItemModelTester::FailureReportingMode::QtTest);
            QSignalSpy done(&library, &ModelLibraryModel::scanFinished);
            QVERIFY(library.addFolder(QUrl::fromLocalFile(elsewhere.path())));
            QVERIFY(done.wait(20'000));
            QCOMPARE(library.folders().size(), 2);
            QVERIFY(library.indexOfPath(inFolder) >= 0);

            QVERIFY(library.addFile(QUrl::fromLocalFile(loose)));
            QVERIFY(done.wait(20'000));
            QVERIFY(role(library, loose, ModelLibraryModel::UserAddedRole).toBool());

            QVERIFY(!library.addFile(QUrl::fromLocalFile(single.filePath(QStringLiteral("missing.gguf")))));
            QVERIFY(library.lastError().contains(QStringLiteral("missing.gguf")));
            QFile text(single.filePath(QStringLiteral("notes.txt")));
            QVERIFY(text.open(QIODevice::WriteOnly));
            text.close();
            QVERIFY(!library.addFile(QUrl::fromLocalFile(text.fileName())));
            QVERIFY2(library.lastError().contains(QStringLiteral("GGUF")), qPrintable(library.lastError()));
            QVERIFY(!library.addFolder(QUrl::fromLocalFile(loose)));
        }
        ModelLibraryModel restarted;
        QVERIFY(scan(restarted));
        QCOMPARE(restarted.count(), 2);
        restarted.removeFile(loose);
        QSignalSpy done(&restarted, &ModelLibraryModel::scanFinished);
        QVERIFY(done.wait(20'000));
        QCOMPARE(restarted.indexOfPath(loose), -1);
        QVERIFY(QFile::exists(loose)); // forgotten, not deleted
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
    QString source_;
    QJsonObject config_;
};

QTEST_GUILESS_MAIN(TestModelLibrary)
#include "tst_modellibrary.moc"
