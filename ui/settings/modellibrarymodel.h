#pragma once
/// @brief The model library: every GGUF file in the models folders (the
/// default `<data dir>/models` and the user's own) and the files added one
/// by one, each described from its metadata, with a memory estimate.

#include <QAbstractListModel>
#include <QSettings>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>
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
/// Stored in the profile's settings file: "models/folders" (extra folders)
/// and "models/files" (files added one by one).
class ModelLibraryModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList folders READ folders NOTIFY foldersChanged)
    Q_PROPERTY(QString defaultFolder READ defaultFolder CONSTANT)
    Q_PROPERTY(int contextLength READ contextLength WRITE setContextLength NOTIFY contextLengthChanged)
    Q_PROPERTY(qint64 memoryBytes READ memoryBytes WRITE setMemoryBytes NOTIFY memoryBytesChanged)
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
        QString error;
        bool userAdded = false;
    };

signals:
    void foldersChanged();
    void contextLengthChanged();
    void memoryBytesChanged();
    void scanningChanged();
    void countChanged();
    void lastErrorChanged();
    void scanFinished();
    /// For the chat: load this local model (InferenceSession::setLocalModel).
    void modelChosen(const QString& path);

private:
    void setError(const QString& error);
    void finishScan(std::vector<Item> items, quint64 generation);
    qint64 memoryNeeded(const Item& item) const;

    std::unique_ptr<QSettings> settings_;
    std::vector<Item> items_;
    int contextLength_ = 4096;
    qint64 memoryBytes_ = 0;
    bool scanning_ = false;
    QString lastError_;
    std::shared_ptr<std::atomic<quint64>> generation_;
    std::thread worker_;
};

} // namespace qiusuo::ui
