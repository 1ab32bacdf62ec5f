#include "storage/message.h"

#include "storage/storageerror.h"

#include <array>
#include <string>
#include <utility>

namespace qiusuo::storage {

namespace {

// On-disk spellings: never change one (storage/message.h).
constexpr std::array<std::pair<MessageRole, std::string_view>, 4> kRoles{{
    {MessageRole::System, "system"},
    {MessageRole::User, "user"},
    {MessageRole::Assistant, "assistant"},
    {MessageRole::Tool, "tool"},
}};

constexpr std::array<std::pair<MessageStatus, std::string_view>, 5> kStatuses{{
    {MessageStatus::Streaming, "streaming"},
    {MessageStatus::Complete, "complete"},
    {MessageStatus::Stopped, "stopped"},
    {MessageStatus::Error, "error"},
    {MessageStatus::Interrupted, "interrupted"},
}};

} // namespace

std::string_view toString(MessageRole role)
{
    for (const auto& [value, text] : kRoles)
        if (value == role)
            return text;
    return "user";
}

std::string_view toString(MessageStatus status)
{
    for (const auto& [value, text] : kStatuses)
        if (value == status)
            return text;
    return "complete";
}

MessageRole messageRoleFromString(std::string_view text)
{
    for (const auto& [value, spelling] : kRoles)
        if (spelling == text)
            return value;
    throw StorageError(StorageError::Kind::Corrupt,
                       "The database holds a message with an unknown role '" + std::string(text) + "'.");
}

MessageStatus messageStatusFromString(std::string_view text)
{
    for (const auto& [value, spelling] : kStatuses)
        if (spelling == text)
            return value;
    throw StorageError(StorageError::Kind::Corrupt,
                       "The database holds a message with an unknown status '" + std::string(text) + "'.");
}

} // namespace qiusuo::storage
