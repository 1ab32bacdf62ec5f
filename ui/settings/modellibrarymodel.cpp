#include "ui/settings/modellibrarymodel.h"

#include "inference/gguf/gguffile.h"
#include "inference/gguf/modelinfo.h"
#include "inference/localbackend.h"
#include "storage/datadir.h"
#include "ui/settings/appsettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QLocale>
#include <QPointer>

#include <algorithm>
#include <exception>
#include <set>
#include <unistd.h>

namespace qiusuo::ui {

namespace {

const char* const kFoldersKey = "models/folders";
const char* const kFilesKey = "models/files";

qint64 physicalMemory()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0 ? qint64(pages) * pageSize : 0;
}

QString gigabytes(qint64 bytes)
{
    return QLocale().toString(double(bytes) / 1e9, 'f', 1) + QStringLiteral(" GB");
}

bool isModelFile(const QString& path)
{
    return path.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive);
}

/// Reads one file's metadata; a file the engine refuses keeps its message.
/// The GPU estimate is for `context` tokens.
ModelLibraryModel::Item describe(const QString& path, bool userAdded, int context)
{
    ModelLibraryModel::Item item;
    item.path = path;
    item.userAdded = userAdded;
    item.name = QFileInfo(path).completeBaseName();
    item.fileSize = QFileInfo(path).size();
    try {
        const auto file = gguf::GgufFile::open(path.toStdString());
        const auto info = gguf::ModelInfo::describe(*file);
        if (!info.name.empty())
            item.name = QString::fromStdString(info.name);
        item.architecture = QString::fromStdString(info.architecture);
        item.parameters = qint64(info.parameters);
        if (info.fileType)
            item.quantization = QString::fromStdString(gguf::ModelInfo::fileTypeName(*info.fileType));
        item.trainedContext = info.contextLength.value_or(0);
        item.error = QString::fromStdString(info.computeProblem);
        if (item.error.isEmpty()) {
            item.kvBytesPerToken = qint64(estimateKvCacheBytes(*file, 1, models::KvType::F16));
            try {
                item.gpuEstimate = models::estimateGpuMemory(*file, context);
            } catch (const std::exception& error) {
                item.gpuProblem = QString::fromStdString(error.what());
            }
        }
    } catch (const std::exception& error) {
        item.error = QString::fromStdString(error.what());
    }
    return item;
}

} // namespace

ModelLibraryModel::ModelLibraryModel(QObject* parent)
    : QAbstractListModel(parent),
      settings_(std::make_unique<QSettings>(AppSettings::defaultFileName(), QSettings::IniFormat)),
      memoryBytes_(physicalMemory()), generation_(std::make_shared<std::atomic<quint64>>(0))
{
}

ModelLibraryModel::~ModelLibraryModel()
{
    ++*generation_;
    if (worker_.joinable())
        worker_.join();
}

QString ModelLibraryModel::defaultFolder() const
{
    return QDir(QString::fromStdString(storage::defaultDataDir().string())).filePath(QStringLiteral("models"));
}

QStringList ModelLibraryModel::folders() const
{
    return QStringList{defaultFolder()} + settings_->value(QLatin1String(kFoldersKey)).toStringList();
}

int ModelLibraryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(items_.size());
}

qint64 ModelLibraryModel::memoryNeeded(const Item& item) const
{
    const int context = item.trainedContext > 0 ? int(std::min<qint64>(contextLength_, item.trainedContext))
                                                : contextLength_;
    return item.fileSize + item.kvBytesPerToken * context;
}

QVariant ModelLibraryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item& item = items_[size_t(index.row())];
    const qint64 needed = memoryNeeded(item);
    const bool fits = item.error.isEmpty() && memoryBytes_ > 0 && needed <= memoryBytes_;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return item.name;
    case PathRole: return item.path;
    case FileNameRole: return QFileInfo(item.path).fileName();
    case ArchitectureRole: return item.architecture;
    case ParametersRole: return item.parameters;
    case ParametersTextRole:
        return item.parameters >= 1'000'000'000
                   ? QLocale().toString(double(item.parameters) / 1e9, 'f', 1) + QStringLiteral(" B")
                   : QLocale().toString(double(item.parameters) / 1e6, 'f', 1) + QStringLiteral(" M");
    case QuantizationRole: return item.quantization;
    case ContextLengthRole: return item.trainedContext;
    case FileSizeRole: return item.fileSize;
    case FileSizeTextRole: return gigabytes(item.fileSize);
    case MemoryNeededRole: return needed;
    case FitsRole: return fits;
    case FitTextRole:
        if (!item.error.isEmpty())
            return QString();
        return fits ? QCoreApplication::translate("ModelLibraryModel", "Fits: needs about %1 of this computer's %2 with a %3-token context.")
                          .arg(gigabytes(needed), gigabytes(memoryBytes_), QLocale().toString(contextLength_))
                    : QCoreApplication::translate("ModelLibraryModel", "Too large: needs about %1, this computer has %2 (with a %3-token context).")
                          .arg(gigabytes(needed), gigabytes(memoryBytes_), QLocale().toString(contextLength_));
    case ErrorRole: return item.error;
    case UserAddedRole: return item.userAdded;
    case GpuFitRole: return gpuFit(item).fit;
    case GpuLayersRole: return gpuFit(item).layers;
    case GpuFitTextRole: return gpuFit(item).text;
    default: return {};
    }
}

QHash<int, QByteArray> ModelLibraryModel::roleNames() const
{
    return {{PathRole, "path"},
            {FileNameRole, "fileName"},
            {NameRole, "name"},
            {ArchitectureRole, "architecture"},
            {ParametersRole, "parameters"},
            {ParametersTextRole, "parametersText"},
            {QuantizationRole, "quantization"},
            {ContextLengthRole, "trainedContext"},
            {FileSizeRole, "fileSize"},
            {FileSizeTextRole, "fileSizeText"},
            {MemoryNeededRole, "memoryNeeded"},
            {FitsRole, "fits"},
            {FitTextRole, "fitText"},
            {ErrorRole, "error"},
            {UserAddedRole, "userAdded"},
            {GpuFitRole, "gpuFit"},
            {GpuLayersRole, "gpuLayers"},
            {GpuFitTextRole, "gpuFitText"}};
}

ModelLibraryModel::GpuFit ModelLibraryModel::gpuFit(const Item& item) const
{
    const auto onCpu = [](const QString& why) {
        return GpuFit{QStringLiteral("cpu"), 0,
                      QCoreApplication::translate("ModelLibraryModel", "Runs on the CPU (%1)").arg(why)};
    };
    if (!item.error.isEmpty())
        return {QStringLiteral("cpu"), 0, QString()};
    if (gpus_.devices.empty())
        return {QStringLiteral("cpu"), 0,
                QCoreApplication::translate("ModelLibraryModel", "No GPU: runs on the CPU (%1)")
                    .arg(QString::fromStdString(gpus_.reason))};
    const auto gpu = std::find_if(gpus_.devices.begin(), gpus_.devices.end(),
                                  [this](const models::GpuDevice& d) { return d.index == gpuDevice_; });
    if (gpu == gpus_.devices.end())
        return onCpu(QCoreApplication::translate("ModelLibraryModel", "there is no GPU number %1; GPUs found: %2")
                         .arg(gpuDevice_)
                         .arg(gpus_.devices.size()));
    if (!item.gpuEstimate)
        return onCpu(item.gpuProblem);
    const models::OffloadPlan plan = models::planOffload(*item.gpuEstimate, gpu->freeBytes, gpuLayers_, gpu->name);
    const QString where = QCoreApplication::translate("ModelLibraryModel", "%1: %2 free")
                              .arg(QString::fromStdString(gpu->name), gigabytes(qint64(gpu->freeBytes)));
    if (plan.everyLayer())
        return {QStringLiteral("gpu"), plan.gpuLayers,
                QCoreApplication::translate("ModelLibraryModel", "Fits in GPU memory (%1)").arg(where)};
    if (!plan.cpuOnly())
        return {QStringLiteral("partial"), plan.gpuLayers,
                QCoreApplication::translate("ModelLibraryModel", "Partly on the GPU: %1 of %2 layers (%3)")
                    .arg(plan.gpuLayers)
                    .arg(plan.layerCount)
                    .arg(where)};
    return onCpu(QString::fromStdString(plan.note));
}

void ModelLibraryModel::gpuRolesChanged()
{
    if (!items_.empty())
        emit dataChanged(index(0), index(int(items_.size()) - 1), {GpuFitRole, GpuLayersRole, GpuFitTextRole});
}

void ModelLibraryModel::setGpuLayers(int layers)
{
    layers = std::max(layers, -1);
    if (layers == gpuLayers_)
        return;
    gpuLayers_ = layers;
    emit gpuLayersChanged();
    gpuRolesChanged();
}

void ModelLibraryModel::setGpuDevice(int index)
{
    index = std::max(index, 0);
    if (index == gpuDevice_)
        return;
    gpuDevice_ = index;
    emit gpuDeviceChanged();
    gpuRolesChanged();
}

void ModelLibraryModel::setGpus(models::GpuList gpus)
{
    fixedGpus_ = std::move(gpus);
}

void ModelLibraryModel::setContextLength(int tokens)
{
    if (tokens <= 0 || tokens == contextLength_)
        return;
    contextLength_ = tokens;
    emit contextLengthChanged();
    if (!items_.empty())
        emit dataChanged(index(0), index(int(items_.size()) - 1), {MemoryNeededRole, FitsRole, FitTextRole});
    // The GPU estimate (KV cache and work buffers) was made for the old
    // context: read the files again. Without a GPU the answer stays "the CPU".
    if (!gpus_.devices.empty())
        rescan();
}

void ModelLibraryModel::setMemoryBytes(qint64 bytes)
{
    if (bytes == memoryBytes_)
        return;
    memoryBytes_ = bytes;
    emit memoryBytesChanged();
    if (!items_.empty())
        emit dataChanged(index(0), index(int(items_.size()) - 1), {FitsRole, FitTextRole});
}

void ModelLibraryModel::rescan()
{
    const quint64 generation = ++*generation_;
    if (worker_.joinable())
        worker_.join();
    if (!scanning_) {
        scanning_ = true;
        emit scanningChanged();
    }
    const QStringList dirs = folders();
    const QStringList files = settings_->value(QLatin1String(kFilesKey)).toStringList();
    const int context = contextLength_;
    const std::optional<models::GpuList> fixedGpus = fixedGpus_;
    auto current = generation_;
    QPointer<ModelLibraryModel> self(this);
    worker_ = std::thread([self, current, generation, dirs, files, context, fixedGpus] {
        // Asking the driver can take a while (it may start a CUDA context): here, not on the GUI thread.
        models::GpuList gpus = fixedGpus ? *fixedGpus : models::listGpus();
        std::vector<Item> found;
        std::set<QString> seen;
        for (const QString& dir : dirs) {
            QDirIterator it(dir, {QStringLiteral("*.gguf"), QStringLiteral("*.GGUF")}, QDir::Files | QDir::Readable,
                            QDirIterator::Subdirectories);
            while (it.hasNext() && current->load() == generation) {
                const QString path = QFileInfo(it.next()).absoluteFilePath();
                if (seen.insert(path).second)
                    found.push_back(describe(path, false, context));
            }
        }
        for (const QString& file : files) {
            if (current->load() != generation)
                break;
            const QString path = QFileInfo(file).absoluteFilePath();
            if (QFileInfo::exists(path) && seen.insert(path).second)
                found.push_back(describe(path, true, context));
        }
        if (current->load() != generation)
            return;
        QMetaObject::invokeMethod(
            qApp, [self, found = std::move(found), gpus = std::move(gpus), generation]() mutable {
                if (self)
                    self->finishScan(std::move(found), std::move(gpus), generation);
            },
            Qt::QueuedConnection);
    });
}

void ModelLibraryModel::finishScan(std::vector<Item> items, models::GpuList gpus, quint64 generation)
{
    if (generation != generation_->load())
        return; // a newer scan is on its way
    std::sort(items.begin(), items.end(),
              [](const Item& a, const Item& b) { return a.name.localeAwareCompare(b.name) < 0; });
    const int before = count();
    beginResetModel();
    items_ = std::move(items);
    gpus_ = std::move(gpus);
    endResetModel();
    scanning_ = false;
    emit scanningChanged();
    if (count() != before)
        emit countChanged();
    emit scanFinished();
}

bool ModelLibraryModel::addFolder(const QUrl& folder)
{
    const QString path = QFileInfo(folder.isLocalFile() ? folder.toLocalFile() : folder.toString()).absoluteFilePath();
    if (!QFileInfo(path).isDir()) {
        setError(QCoreApplication::translate("ModelLibraryModel", "%1 is not a folder.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    if (folders().contains(path))
        return true;
    QStringList extra = settings_->value(QLatin1String(kFoldersKey)).toStringList();
    extra << path;
    settings_->setValue(QLatin1String(kFoldersKey), extra);
    settings_->sync();
    setError({});
    emit foldersChanged();
    rescan();
    return true;
}

void ModelLibraryModel::removeFolder(const QString& path)
{
    QStringList extra = settings_->value(QLatin1String(kFoldersKey)).toStringList();
    if (extra.removeAll(path) == 0)
        return;
    settings_->setValue(QLatin1String(kFoldersKey), extra);
    settings_->sync();
    emit foldersChanged();
    rescan();
}

bool ModelLibraryModel::addFile(const QUrl& file)
{
    const QString path = QFileInfo(file.isLocalFile() ? file.toLocalFile() : file.toString()).absoluteFilePath();
    const QFileInfo info(path);
    if (!info.isFile()) {
        setError(QCoreApplication::translate("ModelLibraryModel", "%1 does not exist or is not a file.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    if (!isModelFile(path)) {
        setError(QCoreApplication::translate("ModelLibraryModel", "%1 is not a GGUF model: Qiusuo opens .gguf files.").arg(info.fileName()));
        return false;
    }
    QStringList files = settings_->value(QLatin1String(kFilesKey)).toStringList();
    if (!files.contains(path)) {
        files << path;
        settings_->setValue(QLatin1String(kFilesKey), files);
        settings_->sync();
    }
    setError({});
    rescan();
    return true;
}

void ModelLibraryModel::removeFile(const QString& path)
{
    QStringList files = settings_->value(QLatin1String(kFilesKey)).toStringList();
    if (files.removeAll(path) == 0)
        return;
    settings_->setValue(QLatin1String(kFilesKey), files);
    settings_->sync();
    rescan();
}

void ModelLibraryModel::choose(const QString& path)
{
    const int row = indexOfPath(path);
    if (row < 0)
        return;
    if (!items_[size_t(row)].error.isEmpty()) {
        setError(items_[size_t(row)].error);
        return;
    }
    emit modelChosen(path);
}

int ModelLibraryModel::indexOfPath(const QString& path) const
{
    for (size_t i = 0; i < items_.size(); ++i)
        if (items_[i].path == path)
            return int(i);
    return -1;
}

void ModelLibraryModel::setError(const QString& error)
{
    if (lastError_ == error)
        return;
    lastError_ = error;
    emit lastErrorChanged();
}

} // namespace qiusuo::ui
