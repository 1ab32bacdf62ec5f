// The model library on real files: a tiny reference model described from its
// metadata (architecture, quantization, trained context from the model's
// config), the memory estimate (file + F16 KV cache, computed here from the
// config's shape), a broken file listed with the engine's message, partial
// downloads and other files never listed, folders and single files added and
// kept across a restart; the GPU estimate in words (no GPU and why; a GPU of
// a given size taking all, some or none of the layers, as the GPU engine's
// planner decides). QAbstractItemModelTester watches every change.
#include "ui/settings/modellibrarymodel.h"

#include "inference/gguf/gguffile.h"
#include "inference/models/offloadplan.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
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

    void withoutAGpuTheEstimateSaysWhy()
    {
        const qiusuo::models::GpuList present = qiusuo::models::listGpus();
        if (!present.devices.empty())
            QSKIP("this machine has a GPU: the plan's wording is checked with a fixed GPU below");
        ModelLibraryModel library;
        QAbstractItemModelTester tester(&library, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString good = library.defaultFolder() + QStringLiteral("/tiny.gguf");
        QVERIFY(QFile::copy(source_, good));
        QVERIFY(scan(library));
        QVERIFY(!present.reason.empty());
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitRole).toString(), QStringLiteral("cpu"));
        QCOMPARE(role(library, good, ModelLibraryModel::GpuLayersRole).toInt(), 0);
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitTextRole).toString(),
                 QStringLiteral("No GPU: runs on the CPU (%1)").arg(QString::fromStdString(present.reason)));
    }

    void gpuPlanInWords()
    {
        ModelLibraryModel library;
        QAbstractItemModelTester tester(&library, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString good = library.defaultFolder() + QStringLiteral("/tiny.gguf");
        QVERIFY(QFile::copy(source_, good));
        const QString deepseek = library.defaultFolder() + QStringLiteral("/tiny-deepseek2.gguf");
        QVERIFY(QFile::copy(testdata(QStringLiteral("models/tiny-deepseek2-lite-Q4_K_M.gguf")), deepseek));
        const QString broken = library.defaultFolder() + QStringLiteral("/broken.gguf");
        QFile whole(source_);
        QVERIFY(whole.open(QIODevice::ReadOnly));
        QFile cut(broken);
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(whole.read(100'000));
        cut.close();
        library.setContextLength(256);

        // The GPU engine's estimate for the same file and context: the
        // planner is the engine's; what is checked here is the library's
        // choice of wording and layer count from it.
        const auto estimate = qiusuo::models::estimateGpuMemory(*qiusuo::gguf::GgufFile::open(good.toStdString()), 256);
        const int layers = config_.value("n_layer").toInt();
        QCOMPARE(estimate.layerCount(), layers);
        QVERIFY(layers >= 2);
        const auto scanWith = [&](std::size_t freeBytes) {
            library.setGpus({{{0, "Test GPU", std::size_t(200e9), freeBytes}}, {}});
            return scan(library);
        };
        const auto gb = [](std::size_t bytes) { return QLocale().toString(double(bytes) / 1e9, 'f', 1) + " GB"; };

        std::size_t free = 80'000'000'000;
        QVERIFY(scanWith(free));
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitRole).toString(), QStringLiteral("gpu"));
        QCOMPARE(role(library, good, ModelLibraryModel::GpuLayersRole).toInt(), layers);
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitTextRole).toString(),
                 QStringLiteral("Fits in GPU memory (Test GPU: %1 free)").arg(gb(free)));
        QCOMPARE(role(library, deepseek, ModelLibraryModel::GpuFitRole).toString(), QStringLiteral("cpu"));
        QCOMPARE(role(library, deepseek, ModelLibraryModel::GpuFitTextRole).toString(),
                 QStringLiteral("Runs on the CPU (deepseek2 on the GPU is not verified on a device yet)"));
        QCOMPARE(role(library, broken, ModelLibraryModel::GpuFitTextRole).toString(), QString());

        // Room for exactly one block (and the head, the work buffers and the reserve).
        free = qiusuo::models::kGpuReserveBytes + estimate.forLayers(1);
        QVERIFY(scanWith(free));
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitRole).toString(), QStringLiteral("partial"));
        QCOMPARE(role(library, good, ModelLibraryModel::GpuLayersRole).toInt(), 1);
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitTextRole).toString(),
                 QStringLiteral("Partly on the GPU: 1 of %1 layers (Test GPU: %2 free)").arg(layers).arg(gb(free)));

        // One byte less: nothing fits, and the planner's reason is shown.
        free -= 1;
        QVERIFY(scanWith(free));
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitRole).toString(), QStringLiteral("cpu"));
        QCOMPARE(role(library, good, ModelLibraryModel::GpuLayersRole).toInt(), 0);
        const std::string note = qiusuo::models::planOffload(estimate, free, -1, "Test GPU").note;
        QVERIFY(!note.empty());
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitTextRole).toString(),
                 QStringLiteral("Runs on the CPU (%1)").arg(QString::fromStdString(note)));

        // The settings' GPU layers and device change the answer without a new scan.
        QVERIFY(scanWith(80'000'000'000));
        QSignalSpy changed(&library, &QAbstractItemModel::dataChanged);
        library.setGpuLayers(1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitRole).toString(), QStringLiteral("partial"));
        QVERIFY(role(library, good, ModelLibraryModel::GpuFitTextRole).toString().startsWith(
            QStringLiteral("Partly on the GPU: 1 of %1 layers").arg(layers)));
        library.setGpuLayers(0);
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitTextRole).toString(),
                 QStringLiteral("Runs on the CPU (%1)")
                     .arg(QString::fromStdString(qiusuo::models::planOffload(estimate, 80'000'000'000, 0, "Test GPU").note)));
        library.setGpuLayers(-1);
        library.setGpuDevice(3);
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitTextRole).toString(),
                 QStringLiteral("Runs on the CPU (there is no GPU number 3; GPUs found: 1)"));

        // No GPU at all, as the driver says.
        library.setGpus({{}, "no CUDA device (test)"});
        QVERIFY(scan(library));
        QCOMPARE(role(library, good, ModelLibraryModel::GpuFitTextRole).toString(),
                 QStringLiteral("No GPU: runs on the CPU (no CUDA device (test))"));
    }

    void aNewContextLengthRenewsTheGpuEstimate()
    {
        ModelLibraryModel library;
        QAbstractItemModelTester tester(&library, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString good = library.defaultFolder() + QStringLiteral("/tiny.gguf");
        QVERIFY(QFile::copy(source_, good));
        const auto file = qiusuo::gguf::GgufFile::open(good.toStdString());
        const auto small = qiusuo::models::estimateGpuMemory(*file, 64);
        const auto large = qiusuo::models::estimateGpuMemory(*file, 512);
        const int layers = small.layerCount();
        QVERIFY(large.forLayers(layers) > small.forLayers(layers));
        // Every layer fits with a 64-token cache, not with a 512-token one.
        library.setGpus({{{0, "Test GPU", std::size_t(1e9), qiusuo::models::kGpuReserveBytes + small.forLayers(layers)}}, {}});
        library.setContextLength(64);
        QVERIFY(scan(library));
        QCOMPARE(role(library, good, ModelLibraryModel::GpuLayersRole).toInt(), layers);
        QSignalSpy done(&library, &ModelLibraryModel::scanFinished);
        library.setContextLength(512);
        QVERIFY(done.wait(20'000));
        QVERIFY(role(library, good, ModelLibraryModel::GpuLayersRole).toInt() < layers);
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
