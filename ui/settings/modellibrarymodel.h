#pragma once
/// @brief The model library: every GGUF file in the models folders (the
/// default `<data dir>/models` and the user's own) and the files added one
/// by one, each described from its metadata, with a memory estimate.

#include "inference/models/offloadplan.h"

#include <QAbstractListModel>
#include <QSettings>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace qiusuo::ui {

/// Scans run on a worker thread (reading metadata of a large folder never
/// freezes the window); the model is replaced when a scan ends. Partial
/// downloads (`*.part`) and other files are never listed. A file the engine
/// cannot use is listed with its error in words, from the engine's own
/// validation.
///
/// Fits-this-machine: weights (the file, memory-mapped) plus the KV cache for
/// `contextLength` tokens (F16, the fast path's cache), against
/// `memoryBytes` (the machine's physical memory unless set).
///
/// Fits-the-GPU: the GPU engine's own estimate (models::estimateGpuMemory:
/// each block's weights, its KV cache for `contextLength`, the output head and
/// work buffers) planned against the free memory of GPU `gpuDevice` with
/// `gpuLayers` asked for (models::planOffload): the whole model, "N of L
/// layers", or the CPU with the reason (no GPU, an architecture the GPU
/// engine does not run, not even one layer fits). The GPUs are listed on the
/// scan's thread, so a slow driver never freezes the window.
///
/// Stored in the profile's settings file: "models/folders" (extra folders)
/// and "models/files" (files added one by one).
class ModelLibraryModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList folders READ folders NOTIFY foldersChanged)
    Q_PROPERTY(QString defaultFolder READ defaultFolder CONSTANT)
    Q_PROPERTY(int contextLength READ contextLength WRITE setContextLength NOTIFY contextLengthChanged)
    Q_PROPERTY(qint64 memoryBytes READ memoryBytes WRITE setMemoryBytes NOTIFY memoryBytesChanged)
    /// As AppSettings: -1 = as many layers as fit, 0 = CPU only, N = at most N.
    Q_PROPERTY(int gpuLayers READ gpuLayers WRITE setGpuLayers NOTIFY gpuLayersChanged)
    /// The CUDA device index the estimate is for (AppSettings::gpuDevice).
    Q_PROPERTY(int gpuDevice READ gpuDevice WRITE setGpuDevice NOTIFY gpuDeviceChanged)
    Q_PROPERTY(bool scanning READ scanning NOTIFY scanningChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

public:
    enum Roles {
        PathRole = Qt::UserRole + 1, ///< "path": absolute file path
        FileNameRole,                ///< "fileName"
        NameRole,                    ///< "name": general.name, else the file name
        ArchitectureRole,            ///< "architecture": "qwen2", "deepseek2", ...
        ParametersRole,              ///< "parameters": element count (qint64)
        ParametersTextRole,          ///< "parametersText": "1.5 B"
        QuantizationRole,            ///< "quantization": "Q4_K_M", ...
        ContextLengthRole,           ///< "trainedContext": the model's context length
        FileSizeRole,                ///< "fileSize": bytes (qint64)
        FileSizeTextRole,            ///< "fileSizeText": "1.1 GB"
        MemoryNeededRole,            ///< "memoryNeeded": bytes for weights + KV cache
        FitsRole,                    ///< "fits": bool
        FitTextRole,                 ///< "fitText": the estimate in words
        ErrorRole,                   ///< "error": why the file cannot be used ("" when fine)
        UserAddedRole,               ///< "userAdded": added one by one (removable)
        GpuFitRole,                  ///< "gpuFit": "gpu" (every layer), "partial" or "cpu"
        GpuLayersRole,               ///< "gpuLayers": layers planned on the GPU (0 on the CPU)
        GpuFitTextRole,              ///< "gpuFitText": the GPU estimate in words ("" for a broken file)
    };
    Q_ENUM(Roles)

    explicit ModelLibraryModel(QObject* parent = nullptr);
    ~ModelLibraryModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(items_.size()); }

    QString defaultFolder() const;
    /// The default folder first, then the user's.
    QStringList folders() const;
    int contextLength() const { return contextLength_; }
    void setContextLength(int tokens);
    qint64 memoryBytes() const { return memoryBytes_; }
    void setMemoryBytes(qint64 bytes);
    int gpuLayers() const { return gpuLayers_; }
    void setGpuLayers(int layers);
    int gpuDevice() const { return gpuDevice_; }
    void setGpuDevice(int index);
    /// Uses `gpus` instead of asking the driver (tests: a GPU of a given
    /// size, or none) from the next scan on.
    void setGpus(models::GpuList gpus);
    bool scanning() const { return scanning_; }
    QString lastError() const { return lastError_; }

    /// @brief Starts a scan (a running one is superseded).
    Q_INVOKABLE void rescan();
    Q_INVOKABLE bool addFolder(const QUrl& folder);
    Q_INVOKABLE void removeFolder(const QString& path);
    /// @brief Adds one .gguf file (file dialog, drag and drop); false with
    /// lastError when it is not a GGUF file that exists.
    Q_INVOKABLE bool addFile(const QUrl& file);
    /// @brief Forgets a file added one by one (the file itself stays).
    Q_INVOKABLE void removeFile(const QString& path);
    /// @brief The user picked this model: emits modelChosen().
    Q_INVOKABLE void choose(const QString& path);
    Q_INVOKABLE int indexOfPath(const QString& path) const;

    /// One scanned file (public for the scanner; QML reads roles).
    struct Item {
        QString path;
        QString name;
        QString architecture;
        qint64 parameters = 0;
        QString quantization;
        qint64 trainedContext = 0;
        qint64 fileSize = 0;
        qint64 kvBytesPerToken = 0; ///< KV cache per token of context (F16)
        /// What the GPU engine needs for the scan's context; empty when it cannot run the file.
        std::optional<models::GpuMemoryEstimate> gpuEstimate;
        QString gpuProblem;         ///< why the GPU engine cannot run it
        QString error;
        bool userAdded = false;
    };

signals:
    void foldersChanged();
    void contextLengthChanged();
    void memoryBytesChanged();
    void gpuLayersChanged();
    void gpuDeviceChanged();
    void scanningChanged();
    void countChanged();
    void lastErrorChanged();
    void scanFinished();
    /// For the chat: load this local model (InferenceSession::setLocalModel).
    void modelChosen(const QString& path);

private:
    void setError(const QString& error);
    void finishScan(std::vector<Item> items, models::GpuList gpus, quint64 generation);
    qint64 memoryNeeded(const Item& item) const;
    /// The GPU roles of `item`: {fit, layers, text}.
    struct GpuFit {
        QString fit;
        int layers = 0;
        QString text;
    };
    GpuFit gpuFit(const Item& item) const;
    void gpuRolesChanged();

    std::unique_ptr<QSettings> settings_;
    std::vector<Item> items_;
    int contextLength_ = 4096;
    qint64 memoryBytes_ = 0;
    int gpuLayers_ = -1;
    int gpuDevice_ = 0;
    models::GpuList gpus_;
    std::optional<models::GpuList> fixedGpus_;
    bool scanning_ = false;
    QString lastError_;
    std::shared_ptr<std::atomic<quint64>> generation_;
    std::thread worker_;
};

} // namespace qiusuo::ui
