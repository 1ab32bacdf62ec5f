#include "ui/chat/transcriptmapping.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include <cmath>

namespace qiusuo::ui {

namespace {

QString seconds(double ms)
{
    // Two decimals below ten seconds (latency), whole seconds above (thinking).
    const double s = ms / 1000.0;
    return s < 10 ? QString::number(s, 'f', 2) : QString::number(std::llround(s));
}

QString roleName(storage::MessageRole role)
{
    switch (role) {
    case storage::MessageRole::System:
        return QStringLiteral("system");
    case storage::MessageRole::Assistant:
        return QStringLiteral("assistant");
    case storage::MessageRole::User:
    case storage::MessageRole::Tool:
        break;
    }
    return QStringLiteral("user");
}

} // namespace

QString statsLine(const QString& model, const storage::MessageStats& stats)
{
    QStringList parts;
    if (!model.isEmpty())
        parts << model;
    if (stats.completionTokens)
        parts << QCoreApplication::translate("TranscriptMapping", "%n tokens", nullptr, int(*stats.completionTokens));
    if (stats.tokensPerSecond && *stats.tokensPerSecond > 0)
        parts << QCoreApplication::translate("TranscriptMapping", "%1 tok/s").arg(QString::number(*stats.tokensPerSecond, 'f', 1));
    if (stats.timeToFirstTokenMs)
        parts << QCoreApplication::translate("TranscriptMapping", "first token %1 s").arg(seconds(double(*stats.timeToFirstTokenMs)));
    if (stats.reasoningDurationMs && *stats.reasoningDurationMs > 0)
        parts << QCoreApplication::translate("TranscriptMapping", "thought %1 s").arg(seconds(double(*stats.reasoningDurationMs)));
    return parts.join(QStringLiteral(" · "));
}

storage::MessageStats toMessageStats(const GenerationStats& stats)
{
    storage::MessageStats out;
    if (stats.promptTokens > 0)
        out.promptTokens = stats.promptTokens;
    if (stats.completionTokens > 0)
        out.completionTokens = stats.completionTokens;
    if (stats.decodeTokensPerSecond > 0)
        out.tokensPerSecond = stats.decodeTokensPerSecond;
    if (stats.timeToFirstTokenMs > 0)
        out.timeToFirstTokenMs = std::llround(stats.timeToFirstTokenMs);
    if (stats.reasoningMs > 0)
        out.reasoningDurationMs = std::llround(stats.reasoningMs);
    return out;
}

TranscriptMessage toTranscriptMessage(const storage::Message& message, int siblingIndex, int siblingCount)
{
    TranscriptMessage m;
    m.id = message.id;
    m.role = roleName(message.role);
    m.markdown = QString::fromStdString(message.content);
    m.reasoning = QString::fromStdString(message.reasoning);
    m.reasoningMs = message.stats.reasoningDurationMs.value_or(0);
    m.siblingIndex = siblingIndex;
    m.siblingCount = siblingCount;
    if (message.role == storage::MessageRole::Assistant)
        m.stats = statsLine(QString::fromStdString(message.model), message.stats);
    m.error = message.status == storage::MessageStatus::Error ? QString::fromStdString(message.errorText) : QString();
    m.interrupted = message.status == storage::MessageStatus::Stopped
                    || message.status == storage::MessageStatus::Interrupted
                    || message.status == storage::MessageStatus::Streaming;
    return m;
}

} // namespace qiusuo::ui
