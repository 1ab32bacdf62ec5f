#pragma once
/// @brief From stored messages and generation statistics to what the
/// transcript shows: TranscriptMessage values and the one-line stats.

#include "inference/backend.h"
#include "storage/message.h"
#include "ui/transcript/transcriptmessage.h"

#include <QString>

namespace qiusuo::ui {

/// The stats line under an answer: "model · 123 tokens · 45.6 tok/s ·
/// first token 0.31 s · thought 12 s"; parts that are unknown are left out.
QString statsLine(const QString& model, const storage::MessageStats& stats);

/// The store's form of a finished generation's statistics.
storage::MessageStats toMessageStats(const GenerationStats& stats);

/// `message` as the page shows it, at `siblingIndex` of `siblingCount`.
/// A message still marked Streaming here was cut off (its generation is not
/// running), so it shows as interrupted, like Stopped and Interrupted ones.
TranscriptMessage toTranscriptMessage(const storage::Message& message, int siblingIndex, int siblingCount);

} // namespace qiusuo::ui
