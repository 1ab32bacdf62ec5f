#pragma once
/// @brief One message as the transcript page shows it: what the chat
/// controller passes to TranscriptBridge (see transcriptbridge.h).

#include <QString>
#include <QtGlobal>

namespace qiusuo::ui {

/// A plain value: the controller fills it from the store and the live
/// generation; the bridge renders `markdown` and `reasoning` to HTML.
struct TranscriptMessage {
    qint64 id = 0;                ///< store message id (identity in the page)
    QString role;                 ///< "user" | "assistant" | "system"
    QString markdown;             ///< content, Markdown source as stored
    QString reasoning;            ///< reasoning Markdown (assistant; may be empty)
    qint64 reasoningMs = 0;       ///< thinking time so far / final
    bool reasoningActive = false; ///< reasoning is streaming now (the page runs a live timer)
    bool streaming = false;       ///< content is still streaming
    int siblingIndex = 0;         ///< 0-based position among its siblings
    int siblingCount = 1;
    QString stats;                ///< one line: "model · 123 tokens · 45.6 tok/s · …"
    QString error;                ///< non-empty: shown under the message as an error
    bool interrupted = false;     ///< stopped by the user / dropped: shown as "stopped"
};

} // namespace qiusuo::ui
