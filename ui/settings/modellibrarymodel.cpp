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
ModelLibraryModel::Item describe(const QString& path, bool userAdded)
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
        if (item.error.isEmpty())
            item.kvBytesPerToken = qint64(estimateKvCacheBytes(*file, 1, models::KvType::F16));
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
            {UserAddedRole, "userAdded"}};
}

void ModelLibraryModel::setContextLength(int tokens)
{
    if (tokens <= 0 || tokens == contextLength_)
        return;
    contextLength_ = tokens;
    emit contextLengthChanged();
    if (!items_.empty())
        emit dataChanged(index(0), index(int(items_.size()) - 1), {MemoryNeededRole, FitsRole, FitTextRole});
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
    auto current = generation_;
    QPointer<ModelLibraryModel> self(this);
    worker_ = std::thread([self, current, generation, dirs, files] {
        std::vector<Item> found;
        std::set<QString> seen;
        for (const QString& dir : dirs) {
            QDirIterator it(dir, {QStringLiteral("*.gguf"), QStringLiteral("*.GGUF")}, QDir::Files | QDir::Readable,
                            QDirIterator::Subdirectories);
            while (it.hasNext() && current->load() == generation) {
                const QString path = QFileInfo(it.next()).absoluteFilePath();
                if (seen.insert(path).second)
                    found.push_back(describe(path, false));
            }
        }
        for (const QString& file : files) {
            if (current->load() != generation)
                break;
            const QString path = QFileInfo(file).absoluteFilePath();
            if (QFileInfo::exists(path) && seen.insert(path).second)
                found.push_back(describe(path, true));
        }
        if (current->load() != generation)
            return;
        QMetaObject::invokeMethod(
            qApp, [self, found = std::move(found), generation]() mutable {
                if (self)
                    self->finishScan(std::move(found), generation);
            },
            Qt::QueuedConnection);
    });
}

void ModelLibraryModel::finishScan(std::vector<Item> items, quint64 generation)
{
    if (generation != generation_->load())
        return; // a newer scan is on its way
    std::sort(items.begin(), items.end(),
              [](const Item& a, const Item& b) { return a.name.localeAwareCompare(b.name) < 0; });
    const int before = count();
    beginResetModel();
    items_ = std::move(items);
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
