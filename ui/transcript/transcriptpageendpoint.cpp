#include "ui/transcript/transcriptpageendpoint.h"

#include "ui/transcript/transcriptbridge.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace qiusuo::ui {
namespace {

/// Ids travel as JS numbers (doubles); store ids stay far below 2^53.
qint64 idFromPage(double id)
{
    return qint64(id);
}

} // namespace

TranscriptPageEndpoint::TranscriptPageEndpoint(TranscriptBridge* bridge)
    : QObject(bridge)
    , bridge_(bridge)
{
    connect(bridge, &TranscriptBridge::posted, this, &TranscriptPageEndpoint::posted);
}

QString TranscriptPageEndpoint::attach()
{
    return bridge_->attach();
}

QString TranscriptPageEndpoint::render(const QVariantList& ids)
{
    QList<qint64> list;
    list.reserve(ids.size());
    for (const QVariant& id : ids)
        list.append(idFromPage(id.toDouble()));
    return QString::fromUtf8(QJsonDocument(bridge_->renderForPage(list)).toJson(QJsonDocument::Compact));
}

void TranscriptPageEndpoint::copyMessage(double id)
{
    emit bridge_->copyRequested(idFromPage(id));
}

void TranscriptPageEndpoint::editMessage(double id)
{
    emit bridge_->editRequested(idFromPage(id));
}

void TranscriptPageEndpoint::regenerateMessage(double id)
{
    emit bridge_->regenerateRequested(idFromPage(id));
}

void TranscriptPageEndpoint::switchSibling(double id, int delta)
{
    if (delta != 0)
        emit bridge_->siblingRequested(idFromPage(id), delta < 0 ? -1 : 1);
}

void TranscriptPageEndpoint::deleteMessage(double id)
{
    emit bridge_->deleteRequested(idFromPage(id));
}

bool TranscriptPageEndpoint::openLink(const QString& url)
{
    return bridge_->openLink(url);
}

void TranscriptPageEndpoint::copyText(const QString& text)
{
    bridge_->copyText(text);
}

} // namespace qiusuo::ui
